/**
 * The reasons a rating may name, one fixed list per channel family (online / offline), code + zh + en. The lists are
 * the platform's version of the evaluation content of GB/T 39734 (online: efficiency, guide accuracy, convenience,
 * ease of use; offline: efficiency, service, attitude); they are not changed locally. See docs/decisions/0024.
 */
import type { FieldProblem } from '../kernel/errors.ts';
import type { RatingChannel } from './quality.levels.ts';

export type ReasonFamily = 'online' | 'offline';

export interface RatingReason {
  code: string;
  zh: string;
  en: string;
}

const r = (code: string, zh: string, en: string): RatingReason => ({ code, zh, en });

export const RATING_REASONS: Record<ReasonFamily, readonly RatingReason[]> = {
  online: [
    r('slow', '办理时间长，效率低', 'Took too long'),
    r('guide_inaccurate', '办事指南不准确、不清楚', 'The service guide was inaccurate or unclear'),
    r('repeat_materials', '重复提交材料', 'Had to submit materials again'),
    r('system_hard', '系统不好用、操作复杂', 'The system was hard to use'),
    r('prefill_wrong', '预填信息有误', 'Prefilled information was wrong'),
    r('not_done', '事情没办成', 'The matter was not done'),
    r('other', '其他', 'Other'),
  ],
  offline: [
    r('slow', '等候或办理时间长', 'Long wait or slow handling'),
    r('guide_inaccurate', '告知不清楚、一次告知不到位', 'Not told clearly, or not everything at once'),
    r('repeat_materials', '重复提交材料、多次跑腿', 'Had to bring materials again or come back'),
    r('attitude', '服务态度差', 'Poor attitude'),
    r('not_done', '事情没办成', 'The matter was not done'),
    r('facilities', '场所设施不便利', 'Inconvenient premises or facilities'),
    r('other', '其他', 'Other'),
  ],
};

/** The longest free-text comment of a rating. */
export const RATING_COMMENT_MAX = 500;

/** The family of a channel: counter, pad, terminal, phone and outside channels are offline; the rest online. */
export function reasonFamily(channel: RatingChannel): ReasonFamily {
  return channel === 'pc' || channel === 'mobile' || channel === 'qrcode' ? 'online' : 'offline';
}

/** The family used for a rated subject: the window is offline whatever device the rating came from. */
export function familyFor(subject: string, channel: RatingChannel): ReasonFamily {
  return subject === 'window' ? 'offline' : reasonFamily(channel);
}

/** The reason (text) of a code in a family, or undefined. */
export function reasonOf(family: ReasonFamily, code: string): RatingReason | undefined {
  return RATING_REASONS[family].find((x) => x.code === code);
}

/** The zh/en name of a reason code in any family (reports list codes across channels). */
export function reasonName(code: string): { zh: string; en: string } {
  const found = reasonOf('offline', code) ?? reasonOf('online', code);
  return found ? { zh: found.zh, en: found.en } : { zh: code, en: code };
}

/**
 * The problems of a rating's reasons and comment: unknown codes (naming the allowed list), duplicates, and a comment
 * over RATING_COMMENT_MAX characters. Paths point into the request body (`/reasons/1`, `/comment`).
 */
export function checkReasons(family: ReasonFamily, reasons: readonly string[], comment?: string | null): FieldProblem[] {
  const out: FieldProblem[] = [];
  const allowed = RATING_REASONS[family].map((x) => x.code);
  const seen = new Set<string>();
  reasons.forEach((code, i) => {
    if (!allowed.includes(code)) {
      out.push({
        path: `/reasons/${i}`, reason: 'unknown_reason',
        message: { zh: `未知的评价原因“${code}”，可选：${allowed.join('、')}`, en: `Unknown reason "${code}"; allowed: ${allowed.join(', ')}` },
      });
    } else if (seen.has(code)) {
      out.push({ path: `/reasons/${i}`, reason: 'duplicate', message: { zh: `评价原因“${code}”重复`, en: `Reason "${code}" is listed twice` } });
    }
    seen.add(code);
  });
  if (comment && [...comment].length > RATING_COMMENT_MAX) {
    out.push({ path: '/comment', reason: 'too_long', message: { zh: `文字评价最多 ${RATING_COMMENT_MAX} 字`, en: `The comment may have at most ${RATING_COMMENT_MAX} characters` } });
  }
  return out;
}
