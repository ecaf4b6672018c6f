/** How alerts are shown to officers: the kind in words, the org by name, officers by name (colleagues, no personal data). */
import type { Static } from 'typebox';
import type { OrgDirectory } from '../../identity/org-directory.ts';
import type { AlertRow } from '../../monitoring/monitor.repo.ts';
import { ALERT_KIND_TEXT } from '../../monitoring/monitor.service.ts';
import type { AlertView } from './monitoring.schema.ts';

/** The officer's view of an alert; `names` maps officer ids to names. */
export async function presentAlert(orgs: OrgDirectory, names: Map<string, string>, a: AlertRow): Promise<Static<typeof AlertView>> {
  const org = await orgs.get(a.org);
  const person = (id: string) => ({ id, name: names.get(id) ?? null });
  return {
    id: a.id, kind: a.kind, kindName: ALERT_KIND_TEXT[a.kind], caseId: a.caseId,
    itemCode: typeof a.detail.code === 'string' ? a.detail.code : null, caseState: a.state,
    step: { id: a.stepId, role: a.stepRole, startedOn: a.stepStartedOn, dueDate: a.stepDue },
    org: { code: a.org, name: org ? { zh: org.nameZh, en: org.nameEn } : { zh: a.org, en: a.org } }, department: a.department,
    responsible: a.responsible.map(person), supervisors: a.supervisors.map(person),
    raisedAt: a.raisedAt, escalatedAt: a.escalatedAt, clearedAt: a.clearedAt, open: a.clearedAt === null,
  };
}
