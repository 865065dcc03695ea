import { parseArgs } from 'node:util';
import { createVault } from '../../main/vault/vault';
import { worstState, type ProbeResult } from '../../main/vault/status/probe-types';
import { parseUsage, reportErrors } from '../cli-errors';
import { openCliSession } from '../open-session';
import { cliLinkHistory } from '../cli-link-history';

const LABEL = { ok: 'ok', warning: 'WARNING', error: 'ERROR' } as const;

/**
 * `s3vault status [--json]`: the vault's health as the app's status panel
 * shows it (bucket, user pool, key, credentials, share links, storage, and
 * this process's transfers, which are none). Exit 0 when every probe is ok or
 * a warning, 1 when any is in error. With --json: `{"state","probes":[…]}`.
 */
export async function statusCommand(args: string[]): Promise<void> {
  const { values } = parseUsage(() =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: false, strict: true }),
  );
  await reportErrors(values.json, async () => {
    const session = await openCliSession();
    const vault = createVault(session, { history: cliLinkHistory() });
    let probes: ProbeResult[];
    try {
      probes = await vault.status({ tokens: () => session.tokens() });
    } finally {
      vault.close();
      session.close();
    }
    const state = worstState(probes.map((probe) => probe.state));
    if (values.json) {
      console.log(JSON.stringify({ state, probes }));
    } else {
      const width = Math.max(...probes.map((probe) => probe.name.length));
      for (const probe of probes) {
        console.log(`${LABEL[probe.state].padEnd(7)}  ${probe.name.padEnd(width)}  ${probe.reason}`);
      }
    }
    // exitCode, not exit(): stdout must drain first when piped.
    if (state === 'error') process.exitCode = 1;
  });
}
