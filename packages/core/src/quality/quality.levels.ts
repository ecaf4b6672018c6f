/**
 * The five rating levels (好差评), stored by name and converted at the edges: GB/T 39046-2020 code table A.8 counts
 * from 1 = very satisfied, the national and provincial 好差评 interfaces count the other way (5 = very satisfied).
 * See /work/shared/reference/ratings.md §2 and docs/decisions/0024.
 */

export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** What can be rated: the case as a whole (一事一评) or one service act (一次一评: the window, the online service, help). */
export const RATING_SUBJECTS = ['case', 'window', 'online', 'help'] as const;
export type RatingSubject = (typeof RATING_SUBJECTS)[number];

/** The channels a rating arrives through (GB/T 39046 channel names, plus the outside channels taken in). */
export const RATING_CHANNELS = ['pc', 'mobile', 'qrcode', 'hall_pad', 'hall_terminal', 'phone', 'sms', 'hotline_12345', 'window_report'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];
/** Channels a signed-in citizen may name (the pad and the outside channels have their own routes). */
export const CITIZEN_CHANNELS = ['pc', 'mobile', 'qrcode', 'hall_terminal'] as const satisfies readonly RatingChannel[];

export const LEVEL_NAMES: Record<RatingLevel, { zh: string; en: string; stars: number }> = {
  very_satisfied: { zh: '非常满意', en: 'Very satisfied', stars: 5 },
  satisfied: { zh: '满意', en: 'Satisfied', stars: 4 },
  basic: { zh: '基本满意', en: 'Basically satisfied', stars: 3 },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied', stars: 2 },
  very_dissatisfied: { zh: '非常不满意', en: 'Very dissatisfied', stars: 1 },
};

export const isRatingLevel = (v: unknown): v is RatingLevel => typeof v === 'string' && (RATING_LEVELS as readonly string[]).includes(v);

/** A bad rating (差评): dissatisfied or very dissatisfied; each opens a rectification work order. */
export const isBadLevel = (level: RatingLevel): boolean => level === 'dissatisfied' || level === 'very_dissatisfied';

/** Good for the good-rating rate (好评率): very satisfied, satisfied or basically satisfied. */
export const isGoodLevel = (level: RatingLevel): boolean => !isBadLevel(level);

/** GB/T 39046-2020 A.8 满意度代码: 1 very satisfied … 5 very dissatisfied. */
export function levelToGbCode(level: RatingLevel): number {
  return RATING_LEVELS.indexOf(level) + 1;
}

/** The level of a GB/T 39046 A.8 code; RangeError for a code outside 1–5. */
export function levelFromGbCode(code: number | string): RatingLevel {
  const n = Number(code);
  const level = Number.isInteger(n) ? RATING_LEVELS[n - 1] : undefined;
  if (!level || n < 1) throw new RangeError(`GB/T 39046 A.8 satisfaction code must be 1–5, got ${String(code)}`);
  return level;
}

/** The interface code (`satisfaction` / `alternate`): 5 very satisfied … 1 very dissatisfied. */
export function levelToInterfaceCode(level: RatingLevel): number {
  return 6 - levelToGbCode(level);
}

/** The level of an interface code; RangeError for a code outside 1–5. */
export function levelFromInterfaceCode(code: number | string): RatingLevel {
  const n = Number(code);
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new RangeError(`好差评 interface satisfaction code must be 1–5, got ${String(code)}`);
  return levelFromGbCode(6 - n);
}
