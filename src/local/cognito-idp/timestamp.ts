/**
 * The TIMESTAMP of a PASSWORD_VERIFIER response, in the one format Cognito
 * accepts and amazon-cognito-identity-js (DateHelper) writes:
 * "Mon May 8 09:05:03 UTC 2026" — English names, day of month not zero-padded.
 */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');

/** Formats epoch milliseconds the way the client does. */
export function formatSrpTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

/**
 * Parses a TIMESTAMP to epoch milliseconds; null unless it is exactly in the
 * client's format (including a weekday that matches the date), because the
 * string is signed byte for byte and a lenient parser would accept forms the
 * real service rejects.
 */
export function parseSrpTimestamp(text: string): number | null {
  const match = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) ([1-9]\d?) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(text);
  if (!match) return null;
  const [, weekday, monthName, day, hours, minutes, seconds] = match;
  const year = Number(match[7]);
  const month = MONTHS.indexOf(monthName!);
  if (month < 0) return null;
  const ms = Date.UTC(year, month, Number(day), Number(hours), Number(minutes), Number(seconds));
  // Round-trip rejects 31 Feb, 25:00 and a weekday that does not fit the date.
  if (Number.isNaN(ms) || formatSrpTimestamp(ms) !== text || WEEKDAYS[new Date(ms).getUTCDay()] !== weekday) {
    return null;
  }
  return ms;
}
