/** Small formatters of the dashboard: percentages and day counts, "—" when there is nothing to divide by. */
import type { Ratio } from './dashboard.types.ts';

export const NONE = '—';

/** A rate 0..1 as a percentage with one decimal. */
export const pct = (rate: number | null | undefined): string => (rate === null || rate === undefined ? NONE : `${(rate * 100).toFixed(1)}%`);

/** A ratio as "12.5% (1/8)". */
export const ratioText = (r: Ratio): string => (r.denominator ? `${pct(r.rate)} (${r.numerator}/${r.denominator})` : NONE);

/** A number of days with up to two decimals. */
export const daysText = (d: number | null): string => (d === null ? NONE : String(Math.round(d * 100) / 100));

/** Today's date in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The date `n` days after `d` (YYYY-MM-DD). */
export const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
