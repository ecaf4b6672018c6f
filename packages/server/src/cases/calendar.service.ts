/**
 * The working-day calendar the platform counts deadlines on: the official years bundled with @tongban/core, plus
 * years an administrator loaded later (stored in `calendar_years`, so every process sees them). Loading a year
 * recomputes the provisional due dates of open cases.
 */
import { defaultCalendar, WorkingCalendar, ValidationError } from '@tongban/core';
import { casesRepo, type Db, type Queryable } from '@tongban/db';

/** The bundled calendar with the years loaded into the database laid over it. */
const withLoadedYears = (years: { year: number; holidays: string[]; workdays: string[] }[]): WorkingCalendar =>
  years.reduce((cal, y) => cal.withYear(String(y.year), { holidays: y.holidays, workdays: y.workdays }), defaultCalendar);

export class CalendarService {
  private cal: WorkingCalendar = defaultCalendar;
  private loadedAt = 0;

  constructor(private readonly db: Queryable, private readonly ttlMs = 30_000) {}

  /** The calendar, with the loaded years merged in (re-read every `ttlMs`, so other processes' loads are seen). */
  async calendar(q: Queryable = this.db): Promise<WorkingCalendar> {
    if (Date.now() - this.loadedAt < this.ttlMs) return this.cal;
    const cal = withLoadedYears(await casesRepo.calendarYears(q));
    this.cal = cal;
    this.loadedAt = Date.now();
    return cal;
  }

  invalidate(): void {
    this.loadedAt = 0;
  }

  /** The years the calendar knows, and which are provisional, from `fromYear` on. */
  async summary(fromYear: number): Promise<{ years: { year: number; source: 'bundled' | 'loaded' | 'provisional' }[] }> {
    const cal = await this.calendar();
    const loaded = new Set((await casesRepo.calendarYears(this.db)).map((y) => y.year));
    const bundled = new Set(defaultCalendar.years().map(Number));
    const years = [...new Set([...cal.years().map(Number), fromYear, fromYear + 1])].sort((a, b) => a - b);
    return { years: years.map((year) => ({ year, source: loaded.has(year) ? 'loaded' : bundled.has(year) ? 'bundled' : cal.isProvisionalYear(String(year)) ? 'provisional' : 'bundled' })) };
  }

  /** Validates and stores a year of the State Council's notice (422 listing every bad date). */
  async loadYear(db: Db, year: number, data: { holidays: string[]; workdays: string[] }, by: string, recompute: (tx: Queryable, cal: WorkingCalendar) => Promise<number>): Promise<{ year: number; recomputed: number }> {
    const problems = WorkingCalendar.validateYear(String(year), data);
    if (problems.length) {
      throw new ValidationError('calendar.year_invalid', problems);
    }
    const result = await db.transaction(async (tx) => {
      await casesRepo.saveCalendarYear(tx, year, data, by);
      return { year, recomputed: await recompute(tx, withLoadedYears(await casesRepo.calendarYears(tx))) };
    });
    this.invalidate();
    return result;
  }
}
