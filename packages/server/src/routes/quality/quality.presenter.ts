/** How ratings and work orders look over HTTP (codes of both level schemes, reason texts, no raw rows). */
import { LEVEL_NAMES, levelToGbCode, levelToInterfaceCode, reasonName, type RatingLevel } from '@tongban/core';
import type { RatingRow, RectificationListRow, RectificationRow } from '@tongban/db';
import type { OrgDirectory } from '../../identity/org-directory.ts';
import type { Text } from '../../quality/quality.shared.ts';

const level = (l: string) => {
  const name = LEVEL_NAMES[l as RatingLevel];
  return { level: l, levelName: { zh: name.zh, en: name.en }, stars: name.stars, gbCode: levelToGbCode(l as RatingLevel), interfaceCode: levelToInterfaceCode(l as RatingLevel) };
};

/** A rating as its author (or an officer) sees it; the person is never named here. */
export function presentRating(r: RatingRow) {
  return {
    id: r.id, caseId: r.caseId, subject: r.subject, ...level(r.level), bad: r.bad,
    reasons: r.reasons.map((code) => ({ code, ...reasonName(code) })), comment: r.comment, anonymous: r.anonymous, channel: r.channel,
    assessNumber: r.assessNumber, ratedAt: r.ratedAt, changedAt: r.changedAt, revision: r.revision, ...(r.externalRef ? { externalRef: r.externalRef } : {}),
  };
}

async function orgRef(orgs: OrgDirectory, code: string): Promise<{ code: string; name: Text }> {
  const o = await orgs.get(code);
  return { code, name: o ? { zh: o.nameZh, en: o.nameEn } : { zh: code, en: code } };
}

/** A work order's fields (list and detail). */
export async function presentOrder(orgs: OrgDirectory, o: RectificationRow, today: string, item: Text) {
  return {
    id: o.id, ratingId: o.ratingId, caseId: o.caseId, org: await orgRef(orgs, o.org), department: o.department, itemCode: o.itemCode, itemName: item,
    stage: o.stage, resolution: o.resolution, openedOn: o.openedOn, openedAt: o.openedAt, closedAt: o.closedAt,
    due: { verify: o.verifyDue, rectify: o.rectifyDue, callback: o.callbackDue, stage: o.stage === 'closed' ? null : o.stageDue },
    overdue: o.stage !== 'closed' && o.stageDue < today, escalated: o.escalated,
    verification: o.verification, rectification: o.rectification, callback: o.callback, revision: o.revision,
  };
}

/** A list entry: the order and its rating's level and reasons. */
export async function presentOrderSummary(orgs: OrgDirectory, o: RectificationListRow, today: string, item: Text) {
  return { ...(await presentOrder(orgs, o, today, item)), rating: { ...level(o.level), reasons: o.reasons.map((code) => ({ code, ...reasonName(code) })), ratedAt: o.ratedAt, anonymous: o.anonymous } };
}
