/** Calendar arithmetic on YYYY-MM-DD dates (UTC, no time zones involved): months and years between dates, adding months. */
/** `7` → `07`. */
export const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const parse = (s: string) => new Date(`${s}T00:00:00Z`);
/** Adds calendar months, keeping the day where the month has it (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months, day = d.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return ymd(new Date(Date.UTC(y, m, Math.min(day, last))));
}
/** Adds (or with a negative number, subtracts) days. */
export const addDays = (date: string, days: number): string => ymd(new Date(parse(date).getTime() + days * 86_400_000));
/** Adds calendar years (29 Feb + 1 year = 28 Feb). */
export const addYears = (date: string, years: number) => addMonths(date, years * 12);

/** Whole calendar months from `from` to `to` (0 when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const m = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, m);
}
/** Whole years from `from` to `to`. */
export const yearsBetween = (from: string, to: string): number => Math.floor(monthsBetween(from, to) / 12);
