/**
 * Bundle cases (一件事): one sub-case per member, in parallel unless the bundle orders them (`after`). A member whose
 * prerequisite did not end approved is cancelled; the bundle closes when every member has closed.
 */

export interface MemberStatus {
  itemCode: string;
  after: readonly string[];
  state: string;
  outcome: string | null;
}

export interface BundleStep {
  /** waiting members whose prerequisites all closed approved: start them */
  start: string[];
  /** waiting members with a prerequisite that closed otherwise: cancel them */
  cancel: string[];
  /** every member has closed */
  allClosed: boolean;
}

const isClosed = (m: Pick<MemberStatus, 'state'>) => m.state === 'closed' || m.state === 'archived';

/** What to do with the bundle's members now. Members not in the list (skipped optional ones) do not hold others back. */
export function bundleProgress(members: readonly MemberStatus[]): BundleStep {
  const by = new Map(members.map((m) => [m.itemCode, m]));
  const start: string[] = [];
  const cancel: string[] = [];
  for (const m of members) {
    if (m.state !== 'waiting') continue;
    const pre = m.after.map((c) => by.get(c)).filter((x): x is MemberStatus => !!x);
    if (pre.some((p) => isClosed(p) && p.outcome !== 'approved')) cancel.push(m.itemCode);
    else if (pre.every((p) => isClosed(p) && p.outcome === 'approved')) start.push(m.itemCode);
  }
  const allClosed = members.every((m) => isClosed(m) || cancel.includes(m.itemCode));
  return { start, cancel, allClosed };
}

/** The combined result notice (统一发证) of a closed bundle: one line per member. */
export function bundleResult(bundleName: { zh: string; en: string }, members: readonly { name: { zh: string; en: string }; outcome: string | null }[]): { zh: string; en: string } {
  const zhOutcome: Record<string, string> = { approved: '已办结', denied: '不予许可', refused: '不予受理', expired: '补正逾期终止', cancelled: '前置事项未通过，已终止' };
  const enOutcome: Record<string, string> = { approved: 'done', denied: 'denied', refused: 'refused', expired: 'ended: supplement not answered', cancelled: 'ended: an earlier item did not pass' };
  return {
    zh: `“${bundleName.zh}”已全部办结：${members.map((m) => `${m.name.zh}（${zhOutcome[m.outcome ?? ''] ?? m.outcome}）`).join('；')}。`,
    en: `"${bundleName.en}" is complete: ${members.map((m) => `${m.name.en} (${enOutcome[m.outcome ?? ''] ?? m.outcome})`).join('; ')}.`,
  };
}
