/**
 * When a subject of a case can be rated (docs/decisions/0023): `case` once the case is closed; `window` once a case
 * filed or accepted at a window was accepted; `online` once an online case was submitted; `help` at any time. While
 * the case is open there is no last day; once it closed, ratings may be given or changed until RATING_WINDOW_DAYS
 * working days after the closing day.
 */
import type { RatingSubject } from './quality.levels.ts';

/** Working days after the closing day during which a rating may be given or changed. */
export const RATING_WINDOW_DAYS = 15;

/** The working-day arithmetic the rules need (WorkingCalendar has it). */
export interface WorkingDays {
  addWorkingDays(date: string, n: number): string;
}

/** The facts of a case the window rule reads (dates are Asia/Shanghai calendar dates). */
export interface RateableCase {
  state: string;
  /** the case was filed or accepted at a window (一窗通办, counter intake, window acceptance) */
  atWindow: boolean;
  /** the case was filed online (not at a window or counter) */
  online: boolean;
  acceptedOn: string | null;
  closedOn: string | null;
}

export type NotRateableWhy = 'not_closed' | 'not_accepted_at_window' | 'not_online' | 'window_closed';

export interface SubjectWindow {
  subject: RatingSubject;
  rateable: boolean;
  why: NotRateableWhy | null;
  /** the last day a rating may be given or changed; null while the case is open (no limit yet) */
  lastDay: string | null;
}

const CLOSED = new Set(['closed', 'archived']);

/** Whether `subject` of the case can be rated (or a rating changed) `today`, and until when. */
export function subjectWindow(cal: WorkingDays, c: RateableCase, subject: RatingSubject, today: string): SubjectWindow {
  const closed = CLOSED.has(c.state) && !!c.closedOn;
  const lastDay = closed ? cal.addWorkingDays(c.closedOn!, RATING_WINDOW_DAYS) : null;
  const no = (why: NotRateableWhy): SubjectWindow => ({ subject, rateable: false, why, lastDay });
  if (subject === 'case' && !closed) return no('not_closed');
  if (subject === 'window' && (!c.atWindow || !c.acceptedOn)) return no('not_accepted_at_window');
  if (subject === 'online' && !c.online) return no('not_online');
  if (lastDay && today > lastDay) return no('window_closed');
  return { subject, rateable: true, why: null, lastDay };
}
