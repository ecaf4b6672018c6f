/**
 * Statutory public holidays of 全国年节及纪念日放假办法 (2024 revision, in force from 2025-01-01), used for years whose
 * State Council 放假安排 notice is not in the calendar data yet (provisional years).
 *
 * Only the statutory days themselves: 元旦 Jan 1; 春节 除夕 and 正月初一–初三; 清明 (the day of the solar term);
 * 劳动节 May 1–2; 端午 五月初五; 中秋 八月十五; 国庆 Oct 1–3. The yearly notice usually joins them to weekends and adds
 * make-up working days (调休); those cannot be derived from the rules and are never guessed here.
 *
 * Lunar dates and the solar term come from `tyme4ts` (6tail). The 2024 revision is applied to every year asked
 * for; for years before 2025 the result is only an approximation of the law then in force.
 */
import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');
const iso = (d: SolarDay): string => `${pad4(d.getYear())}-${pad2(d.getMonth())}-${pad2(d.getDay())}`;

/** Years tyme4ts can compute lunar dates for. */
export const STATUTORY_MIN_YEAR = 1;
export const STATUTORY_MAX_YEAR = 9999;

const cache = new Map<number, readonly string[]>();

function compute(year: number): string[] {
  const out = new Set<string>();
  const fixed = (m: number, d: number): void => {
    out.add(`${pad4(year)}-${pad2(m)}-${pad2(d)}`);
  };

  fixed(1, 1); // 元旦
  fixed(5, 1); // 劳动节
  fixed(5, 2);
  fixed(10, 1); // 国庆
  fixed(10, 2);
  fixed(10, 3);

  // 春节: 除夕 (the last day of the lunar year: 腊月三十, or 廿九 in a short 12th month) and 正月初一–初三.
  // 初一 always falls between Jan 21 and Feb 20, but the neighbouring lunar years are looked at too so that the
  // function stays correct at the edges of tyme4ts's range; days outside `year` are filtered out below.
  for (const ly of [year - 1, year, year + 1]) {
    if (ly < STATUTORY_MIN_YEAR || ly > STATUTORY_MAX_YEAR) continue;
    const first = LunarDay.fromYmd(ly, 1, 1);
    for (const d of [first.next(-1), first, first.next(1), first.next(2)]) out.add(iso(d.getSolarDay()));
  }

  out.add(iso(SolarTerm.fromName(year, '清明').getSolarDay())); // 清明
  out.add(iso(LunarDay.fromYmd(year, 5, 5).getSolarDay())); // 端午 (the ordinary, non-leap 5th month)
  out.add(iso(LunarDay.fromYmd(year, 8, 15).getSolarDay())); // 中秋 (the ordinary, non-leap 8th month)

  const prefix = `${pad4(year)}-`;
  return [...out].filter((d) => d.startsWith(prefix)).sort();
}

/**
 * The statutory holiday dates (`'YYYY-MM-DD'`, sorted, no duplicates) of a Gregorian year under the 2024 revision
 * of 全国年节及纪念日放假办法. Days that coincide (e.g. 中秋 on Oct 1) are listed once.
 */
export function statutoryHolidays(year: number): string[] {
  if (!Number.isInteger(year) || year < STATUTORY_MIN_YEAR || year > STATUTORY_MAX_YEAR) {
    throw new RangeError(`statutoryHolidays: year must be an integer from ${STATUTORY_MIN_YEAR} to ${STATUTORY_MAX_YEAR}, got ${String(year)}`);
  }
  let days = cache.get(year);
  if (!days) {
    days = Object.freeze(compute(year));
    cache.set(year, days);
  }
  return [...days];
}
