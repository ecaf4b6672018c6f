/** The platform clock: injected so tests can move time. Calendar dates are in Asia/Shanghai. */
export interface Clock {
  now(): Date;
  /** Today's calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  today(): string;
}

const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Asia/Shanghai calendar date ('YYYY-MM-DD') of an instant. */
export const shanghaiDate = (at: Date | string): string => fmt.format(typeof at === 'string' ? new Date(at) : at);

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => fmt.format(new Date()),
};

/** A clock fixed at a date, for tests. */
export const fixedClock = (isoDate: string): Clock => ({ now: () => new Date(`${isoDate}T04:00:00Z`), today: () => isoDate });

/** A clock tests can move: `set('2026-11-30')` (noon in Shanghai) or `set('2026-11-30T16:00:00Z')`. */
export interface MovableClock extends Clock {
  set(dateOrInstant: string): void;
}

export function movableClock(isoDate: string): MovableClock {
  let at = new Date(`${isoDate}T04:00:00Z`);
  return {
    now: () => new Date(at.getTime()),
    today: () => fmt.format(at),
    set: (v) => { at = new Date(v.length === 10 ? `${v}T04:00:00Z` : v); },
  };
}
