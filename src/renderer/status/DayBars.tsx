interface DayBarsProps {
  /** [YYYY-MM-DD, requests], oldest first. */
  days: Array<[string, number]>;
}

const BAR = 18;
const GAP = 6;
const HEIGHT = 60;

/** Share-link requests per day as plain SVG bars (no chart library: a few days need none). */
export function DayBars({ days }: DayBarsProps) {
  if (days.length === 0) return null;
  const shown = days.slice(-14);
  const max = Math.max(1, ...shown.map(([, n]) => n));
  const width = shown.length * (BAR + GAP);
  const label = `Share-link requests per day: ${shown.map(([day, n]) => `${day}: ${n}`).join(', ')}`;
  return (
    <svg className="day-bars" role="img" aria-label={label} width={width} height={HEIGHT + 14}>
      {shown.map(([day, n], index) => {
        const height = Math.max(2, Math.round((n / max) * HEIGHT));
        return (
          <g key={day}>
            <title>{`${day}: ${n}`}</title>
            <rect x={index * (BAR + GAP)} y={HEIGHT - height} width={BAR} height={height} rx={2} />
            <text x={index * (BAR + GAP) + BAR / 2} y={HEIGHT + 11} textAnchor="middle">
              {day.slice(8)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
