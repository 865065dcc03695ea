import type { ProbeResult } from '../../shared/contract';
import { DayBars } from './DayBars';

const STATE_TEXT = { ok: 'OK', warning: 'Warning', error: 'Error' } as const;
const DAY = /^day: (\d{4}-\d{2}-\d{2})$/;

/** One probe: its name, its state as a word and a colour, the reason, and its facts (share links: a bar per day). */
export function ProbeItem({ probe }: { probe: ProbeResult }) {
  const entries = Object.entries(probe.details ?? {});
  const days = entries
    .filter(([key]) => DAY.test(key))
    .map(([key, value]): [string, number] => [DAY.exec(key)![1]!, Number(value)])
    .sort(([a], [b]) => a.localeCompare(b));
  const facts = entries.filter(([key]) => !DAY.test(key));
  return (
    <li className={`probe probe-${probe.state}`} aria-label={probe.name}>
      <div className="probe-head">
        <strong>{probe.name}</strong>
        <span className="probe-state">{STATE_TEXT[probe.state]}</span>
        <span className="hint">{probe.latencyMs} ms</span>
      </div>
      <p className="probe-reason">{probe.reason}</p>
      {facts.length > 0 ? (
        <details>
          <summary>Details</summary>
          <dl className="status-list">
            {facts.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      <DayBars days={days} />
    </li>
  );
}
