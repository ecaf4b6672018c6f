/**
 * Working-day calendar (工作日) of mainland China: deadline arithmetic for "N working days" time limits.
 *
 * Rule (shared/reference/calendar.md): a date is a working day if it is one of the year's make-up working days
 * (`workdays`, 调休上班), or it is Monday–Friday and not inside a holiday block (`holidays`). A year missing from the
 * data is *provisional*: weekends plus the statutory days of 全国年节及纪念日放假办法 (see `statutory.ts`), no
 * make-up days. Dates are `'YYYY-MM-DD'` strings (Asia/Shanghai calendar dates); the arithmetic is pure calendar
 * arithmetic, with no `Date`, no time zone and no clock.
 *
 * Speed: each year is compiled once into a working-day flag per day and a running count (prefix sum), so
 * `isWorkingDay` is a lookup, `workingDaysBetween` is a subtraction per year crossed and `addWorkingDays` is a
 * binary search per year crossed, whatever n is.
 */
import bundled from '../../data/calendar-cn.json' with { type: 'json' };
import { ValidationError, type FieldProblem } from '../kernel/errors.ts';
import { statutoryHolidays } from './statutory.ts';

/** One year of the published arrangement: days inside holiday blocks, and weekend make-up working days. */
export interface CalendarYear {
  holidays: string[];
  workdays: string[];
}

/** The calendar data: one key per year (`"2025"`), as in `packages/core/data/calendar-cn.json`. */
export type CalendarData = Record<string /* year */, CalendarYear>;

/** A computed due date, and whether its count ran through a year whose arrangement is not published yet. */
export interface DueDate {
  date: string;
  provisional: boolean;
}

/** Years the calendar can work with (four-digit years; also the range tyme4ts computes lunar dates for). */
export const CALENDAR_MIN_YEAR = 1;
export const CALENDAR_MAX_YEAR = 9999;

// ---------------------------------------------------------------------------------------------------------------
// Pure date arithmetic on (year, day-of-year index) pairs.

const CUMULATIVE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365] as const;
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const yearLength = (y: number): number => (isLeap(y) ? 366 : 365);
const monthStart = (y: number, m: number): number => CUMULATIVE[m - 1]! + (m > 2 && isLeap(y) ? 1 : 0);
const monthLength = (y: number, m: number): number => monthStart(y, m + 1) - monthStart(y, m);

/** Days from 1970-01-01 to Jan 1 of `y` in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysToJan1(y: number): number {
  const yy = y - 1; // January is counted in the previous March-based year
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = 306; // Jan 1 is day 306 of a March-based year
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Day of the week of Jan 1 of `y`: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const jan1Weekday = (y: number): number => (((daysToJan1(y) + 4) % 7) + 7) % 7;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

function formatIndex(y: number, index: number): string {
  let m = 12;
  while (monthStart(y, m) > index) m--;
  return `${pad4(y)}-${pad2(m)}-${pad2(index - monthStart(y, m) + 1)}`;
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

interface Pos {
  year: number;
  /** 0-based day of the year. */
  index: number;
}

/** Parses a well-formed, existing `'YYYY-MM-DD'` date; `null` otherwise. */
function tryParse(value: unknown): Pos | null {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null;
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 7);
  const d = digits(value, 8, 10);
  if (y < CALENDAR_MIN_YEAR || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) return null;
  return { year: y, index: monthStart(y, m) + d - 1 };
}

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function parse(value: unknown, name: string): Pos {
  const p = tryParse(value);
  if (!p) throw new RangeError(`${name}: ${show(value)} is not a valid date of the form YYYY-MM-DD`);
  return p;
}

function checkCount(n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`n: ${show(n)} is not a whole number of working days (0 or more)`);
  }
  return n;
}

function parseYear(year: unknown): number | null {
  const y = typeof year === 'number' ? year : typeof year === 'string' && /^\d{4}$/.test(year) ? Number(year) : NaN;
  return Number.isInteger(y) && y >= CALENDAR_MIN_YEAR && y <= CALENDAR_MAX_YEAR ? y : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled years.

interface YearTable {
  readonly year: number;
  readonly length: number;
  /** 1 when the day (by 0-based index) is a working day. */
  readonly working: Uint8Array;
  /** prefix[i] = working days from Jan 1 up to and including day i. */
  readonly prefix: Uint16Array;
  /** Working days in the year. */
  readonly total: number;
  readonly provisional: boolean;
  /** Formatted dates, filled on demand. */
  readonly iso: (string | undefined)[];
}

/** `holidays` and `workdays` are day-of-year indices in `year`, already validated. */
function compile(year: number, holidays: Iterable<number>, workdays: Iterable<number>, provisional: boolean): YearTable {
  const length = yearLength(year);
  const off = new Uint8Array(length);
  for (const i of holidays) off[i] = 1;
  const on = new Uint8Array(length);
  for (const i of workdays) on[i] = 1;
  const working = new Uint8Array(length);
  const prefix = new Uint16Array(length);
  let weekday = jan1Weekday(year);
  let count = 0;
  for (let i = 0; i < length; i++) {
    if (on[i] === 1 || (weekday >= 1 && weekday <= 5 && off[i] !== 1)) {
      working[i] = 1;
      count++;
    }
    prefix[i] = count;
    weekday = weekday === 6 ? 0 : weekday + 1;
  }
  return { year, length, working, prefix, total: count, provisional, iso: new Array<string | undefined>(length) };
}

/** Provisional years depend on the year alone, so every calendar shares them. */
const provisionalTables = new Map<number, YearTable>();

function provisionalTable(year: number): YearTable {
  let t = provisionalTables.get(year);
  if (!t) {
    const days = statutoryHolidays(year).map((d) => parse(d, 'statutory holiday').index);
    t = compile(year, days, [], true);
    provisionalTables.set(year, t);
  }
  return t;
}

function isoOf(t: YearTable, index: number): string {
  let s = t.iso[index];
  if (s === undefined) {
    s = formatIndex(t.year, index);
    t.iso[index] = s;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of a year's data.

const problem = (path: string, reason: string, zh: string, en: string): FieldProblem => ({ path, reason, message: { zh, en } });

function validateYearInto(year: unknown, data: unknown, base: string, out: FieldProblem[]): void {
  const y = parseYear(year);
  if (y === null) {
    out.push(problem(base, 'year', `年份 ${show(year)} 无效，应为四位数年份`, `The year ${show(year)} is not a four-digit year`));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    out.push(problem(base, 'type', '应为对象 {holidays: [...], workdays: [...]}', 'Expected an object {holidays: [...], workdays: [...]}'));
    return;
  }
  const record = data as Record<string, unknown>;
  const seen = new Map<string, 'holidays' | 'workdays'>();
  for (const key of ['holidays', 'workdays'] as const) {
    const list = record[key];
    if (!Array.isArray(list)) {
      out.push(problem(`${base}/${key}`, list === undefined ? 'required' : 'type', `${key} 应为日期数组`, `${key} must be an array of dates`));
      continue;
    }
    list.forEach((value: unknown, i) => {
      const path = `${base}/${key}/${i}`;
      const p = tryParse(value);
      if (!p) {
        out.push(problem(path, 'format', `${show(value)} 不是有效的日期（YYYY-MM-DD）`, `${show(value)} is not a valid date (YYYY-MM-DD)`));
        return;
      }
      const date = value as string;
      if (y !== null && p.year !== y) {
        out.push(problem(path, 'wrong_year', `${date} 不在 ${y} 年内`, `${date} is not in ${y}`));
        return;
      }
      if (key === 'workdays') {
        const weekday = (jan1Weekday(p.year) + p.index) % 7;
        if (weekday !== 0 && weekday !== 6) {
          out.push(problem(path, 'not_weekend', `${date} 不是周六或周日，调休上班日只能是周末`, `${date} is not a Saturday or Sunday; make-up working days are weekend days`));
        }
      }
      const before = seen.get(date);
      if (before === key) {
        out.push(problem(path, 'duplicate', `${date} 在 ${key} 中重复出现`, `${date} is listed twice in ${key}`));
      } else if (before) {
        out.push(problem(path, 'overlap', `${date} 同时出现在 holidays 和 workdays 中`, `${date} is in both holidays and workdays`));
      } else {
        seen.set(date, key);
      }
    });
  }
}

function invalid(problems: FieldProblem[], what: string): ValidationError {
  const shown = problems.slice(0, 5);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  const moreZh = problems.length > shown.length ? `；另有 ${problems.length - shown.length} 处` : '';
  return new ValidationError('calendar.invalid', problems, {
    zh: `${what}的日历数据有误：${shown.map((p) => `${p.path || '/'} ${p.message.zh}`).join('；')}${moreZh}`,
    en: `Invalid calendar data for ${what}: ${shown.map((p) => `${p.path || '/'} ${p.message.en}`).join('; ')}${more}`,
  });
}

// ---------------------------------------------------------------------------------------------------------------

/** Working-day arithmetic over published years, falling back to the statutory rules for the other years. */
export class WorkingCalendar {
  readonly #data: CalendarData;
  readonly #published = new Map<number, YearTable>();

  /** Validates every year of `data`; throws a `ValidationError` (code `calendar.invalid`) naming the bad dates. */
  constructor(data: CalendarData) {
    const problems: FieldProblem[] = [];
    for (const [key, value] of Object.entries(data)) validateYearInto(key, value, `/${key}`, problems);
    if (problems.length > 0) throw invalid(problems, 'the calendar');
    const copy: CalendarData = {};
    for (const key of Object.keys(data).sort()) {
      const { holidays, workdays } = data[key]!;
      copy[key] = { holidays: [...holidays].sort(), workdays: [...workdays].sort() };
      const year = Number(key);
      const index = (d: string): number => parse(d, key).index;
      this.#published.set(year, compile(year, holidays.map(index), workdays.map(index), false));
    }
    this.#data = copy;
  }

  /**
   * The problems of one year's data (empty when it is valid), for an endpoint that loads a year: each date must
   * be a well-formed `YYYY-MM-DD` in that year, make-up working days must be Saturdays or Sundays, and no date may
   * be in both lists or twice in one. Paths are JSON Pointers into `data` (`/holidays/3`).
   */
  static validateYear(year: number | string, data: unknown): FieldProblem[] {
    const out: FieldProblem[] = [];
    validateYearInto(year, data, '', out);
    return out;
  }

  #table(year: number): YearTable {
    const t = this.#published.get(year);
    if (t) return t;
    if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) {
      throw new RangeError(`The working-day calendar covers years ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}, not ${year}`);
    }
    return provisionalTable(year);
  }

  /** Published years, ascending. */
  years(): number[] {
    return [...this.#published.keys()].sort((a, b) => a - b);
  }

  /** True when the year's arrangement is not in the data (its days come from the statutory rules). */
  isProvisionalYear(year: number | string): boolean {
    const y = parseYear(year);
    if (y === null) throw new RangeError(`year: ${show(year)} is not a four-digit year`);
    return !this.#published.has(y);
  }

  /** A copy of the published data (lists sorted). */
  toData(): CalendarData {
    const out: CalendarData = {};
    for (const [key, { holidays, workdays }] of Object.entries(this.#data)) out[key] = { holidays: [...holidays], workdays: [...workdays] };
    return out;
  }

  /** A new calendar with `year`'s published arrangement added or replaced; throws `ValidationError` when invalid. */
  withYear(year: number | string, data: CalendarYear): WorkingCalendar {
    const problems = WorkingCalendar.validateYear(year, data);
    if (problems.length > 0) throw invalid(problems, `year ${show(year)}`);
    return new WorkingCalendar({ ...this.#data, [pad4(parseYear(year)!)]: { holidays: data.holidays, workdays: data.workdays } });
  }

  isWorkingDay(d: string): boolean {
    const p = parse(d, 'date');
    return this.#table(p.year).working[p.index] === 1;
  }

  /** The n-th working day after `d` (`d` itself is not counted); `d` when n = 0. */
  addWorkingDays(d: string, n: number): string {
    return this.dueDate(d, n).date;
  }

  /**
   * Like `addWorkingDays`, and says whether the count ran through a day of a provisional year (a year whose
   * arrangement is not published): such a due date must be recomputed when that year is loaded.
   */
  dueDate(d: string, n: number): DueDate {
    const start = parse(d, 'date');
    checkCount(n);
    let t = this.#table(start.year);
    if (n === 0) return { date: isoOf(t, start.index), provisional: false };
    let from = start.index + 1; // first day index that may be counted in `t`
    let base = t.prefix[start.index]!; // working days of `t` before `from`
    let remaining = n;
    let provisional = false;
    for (;;) {
      if (from < t.length && t.provisional) provisional = true;
      const available = t.total - base;
      if (remaining <= available) {
        const target = base + remaining;
        let lo = from;
        let hi = t.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (t.prefix[mid]! < target) lo = mid + 1;
          else hi = mid;
        }
        return { date: isoOf(t, lo), provisional };
      }
      remaining -= available;
      if (t.year >= CALENDAR_MAX_YEAR) throw new RangeError(`${d} + ${n} working days is past the end of year ${CALENDAR_MAX_YEAR}`);
      t = this.#table(t.year + 1);
      from = 0;
      base = 0;
    }
  }

  /** Working days after `a` up to and including `b`; 0 when `b` is on or before `a`. */
  workingDaysBetween(a: string, b: string): number {
    const pa = parse(a, 'a');
    const pb = parse(b, 'b');
    if (pb.year < pa.year || (pb.year === pa.year && pb.index <= pa.index)) return 0;
    const ta = this.#table(pa.year);
    if (pa.year === pb.year) return ta.prefix[pb.index]! - ta.prefix[pa.index]!;
    let count = ta.total - ta.prefix[pa.index]!;
    for (let y = pa.year + 1; y < pb.year; y++) count += this.#table(y).total;
    return count + this.#table(pb.year).prefix[pb.index]!;
  }
}

/** The calendar of the bundled data (`packages/core/data/calendar-cn.json`). */
export const defaultCalendar = new WorkingCalendar(bundled satisfies CalendarData);

/** `defaultCalendar.addWorkingDays`: the n-th working day after `d` (d not counted; n = 0 → d). */
export function addWorkingDays(d: string, n: number): string {
  return defaultCalendar.addWorkingDays(d, n);
}

/** `defaultCalendar.workingDaysBetween`: working days after `a` up to and including `b` (0 when b <= a). */
export function workingDaysBetween(a: string, b: string): number {
  return defaultCalendar.workingDaysBetween(a, b);
}

/** `defaultCalendar.isWorkingDay`. */
export function isWorkingDay(d: string): boolean {
  return defaultCalendar.isWorkingDay(d);
}
