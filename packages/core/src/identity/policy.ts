/**
 * Authorisation, declared in one place: which role may do which action on which resource, within which part of
 * the org tree. Deny by default: an action with no entry, a role not listed, or a resource outside the officer's
 * jurisdiction is refused. A role held at an org covers that org's whole subtree (管辖), for its department.
 */

export const OFFICER_ROLES = ['window_officer', 'reviewer', 'approver', 'department_head', 'producer', 'admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

export const ROLE_NAMES: Record<OfficerRole, { zh: string; en: string }> = {
  window_officer: { zh: '窗口民警', en: 'Window officer' },
  reviewer: { zh: '审核民警', en: 'Reviewer' },
  approver: { zh: '审批领导', en: 'Approver' },
  department_head: { zh: '部门负责人', en: 'Department head' },
  producer: { zh: '制证民警', en: 'Production officer' },
  admin: { zh: '系统管理员', en: 'Administrator' },
};

/** A role held at an org for a department (`*` = every department). */
export interface RoleAssignment {
  org: string;
  department: string;
  role: OfficerRole;
}

/** Who is acting. */
export interface Principal {
  kind: 'citizen' | 'officer' | 'service';
  /** person id (citizens, officers) or service name */
  id: string;
  name: string;
  officerId?: string;
  roles: RoleAssignment[];
  actingFor?: { uscc: string; name: string; role: string };
}

/** What an action is done to: the org the resource belongs to and, where it matters, its department. */
export interface ResourceScope {
  org: string;
  department?: string;
}

export type PolicyScope = 'any' | 'jurisdiction';

/** One line of the policy table. */
export interface PolicyEntry {
  action: string;
  description: string;
  roles: readonly OfficerRole[];
  /** `any`: anywhere; `jurisdiction`: only resources of orgs in the subtree of an org where the role is held */
  scope: PolicyScope;
  /** Whether personal data is shown in full (else masked) to holders of these roles. */
  fullPersonalData?: readonly OfficerRole[];
}

const STAFF = ['window_officer', 'reviewer', 'approver', 'department_head'] as const;

/** The policy table. Every officer and admin route names one action of it; a test fails when one does not. */
export const POLICY: readonly PolicyEntry[] = [
  { action: 'officer.self.read', description: 'read one\'s own officer profile and roles', roles: [...STAFF, 'producer', 'admin'], scope: 'any' },
  { action: 'org.read', description: 'read an org and its subtree', roles: [...STAFF, 'producer', 'admin'], scope: 'jurisdiction' },
  { action: 'org.officers.read', description: 'list the officers and roles of an org', roles: ['department_head', 'admin'], scope: 'jurisdiction' },
  {
    action: 'person.read', description: 'look up a resident\'s record for a stated purpose',
    roles: [...STAFF], scope: 'jurisdiction', fullPersonalData: ['reviewer', 'approver', 'department_head'],
  },
  { action: 'catalog.manage', description: 'create, edit, publish, import and export catalog entries', roles: ['admin'], scope: 'any' },
  { action: 'audit.verify', description: 'verify the audit chain', roles: ['admin'], scope: 'any' },
  {
    action: 'case.read', description: 'list and read cases (办件) of the jurisdiction, with the application and materials',
    roles: [...STAFF, 'producer'], scope: 'jurisdiction', fullPersonalData: ['reviewer', 'approver', 'department_head', 'producer'],
  },
  {
    action: 'case.act', description: 'act on a case: claim, accept, refuse, request a supplement, pass or decide a step, produce, deliver, transfer, archive, comment',
    roles: [...STAFF, 'producer'], scope: 'jurisdiction', fullPersonalData: ['reviewer', 'approver', 'department_head', 'producer'],
  },
  { action: 'case.assign', description: 'assign a case\'s current step to an officer', roles: ['department_head'], scope: 'jurisdiction' },
  { action: 'case.intake', description: 'file an application at the counter for a citizen who is present (一窗通办)', roles: ['window_officer'], scope: 'jurisdiction' },
  { action: 'license.status', description: 'revoke, suspend or restore an e-licence issued in the jurisdiction, with a reason', roles: ['reviewer', 'approver', 'department_head'], scope: 'jurisdiction' },
  { action: 'calendar.manage', description: 'load a year of official holidays and make-up working days', roles: ['admin'], scope: 'any' },
  { action: 'rating.pad', description: 'open the rating pad (评价器) at the counter for a case accepted or handled there', roles: ['window_officer'], scope: 'jurisdiction' },
  { action: 'rating.intake', description: 'take in ratings from outside channels (12345 hotline orders, 办不成事 window reports)', roles: ['admin'], scope: 'any' },
  {
    action: 'rectification.read', description: 'list and read the rectification work orders (差评整改) of the jurisdiction, and the daily, weekly and monthly reports',
    roles: [...STAFF], scope: 'jurisdiction', fullPersonalData: ['reviewer', 'approver', 'department_head'],
  },
  { action: 'rectification.act', description: 'verify, rectify or explain, and record the callback of a work order', roles: ['reviewer', 'approver', 'department_head'], scope: 'jurisdiction' },
  { action: 'alert.read', description: 'list the overdue and stall alerts (超时预警) of the jurisdiction', roles: [...STAFF, 'producer'], scope: 'jurisdiction' },
  { action: 'quality.dashboard', description: 'read the operations dashboard (网办中心) of an org subtree', roles: ['approver', 'department_head', 'admin'], scope: 'jurisdiction' },
];

const byAction = new Map(POLICY.map((p) => [p.action, p]));

/** The policy entry of an action, if declared. */
export const policyFor = (action: string): PolicyEntry | undefined => byAction.get(action);

/** The org tree as ancestor paths: `paths.get(code)` lists the codes from the root down to `code`. */
export type OrgPaths = ReadonlyMap<string, readonly string[]>;

/** The outcome of an authorisation check, with the reason when denied. */
export type Decision =
  | { allowed: true; role: OfficerRole; via: RoleAssignment | null; fullPersonalData: boolean }
  | { allowed: false; reason: 'no_policy' | 'not_officer' | 'role' | 'jurisdiction' | 'department' };

/** True when `org` lies in the subtree of `root`. */
export function inSubtree(paths: OrgPaths, root: string, org: string): boolean {
  return paths.get(org)?.includes(root) ?? false;
}

/**
 * Decides whether the principal may do the action on the resource. Deny by default. `scopeRoot` maps the org where
 * a role is held to the root of the subtree it covers (a window or service point acts for its station).
 */
export function authorize(principal: Principal, action: string, resource: ResourceScope | null, paths: OrgPaths, scopeRoot: (org: string) => string = (o) => o): Decision {
  const entry = byAction.get(action);
  if (!entry) return { allowed: false, reason: 'no_policy' };
  if (principal.kind === 'citizen') return { allowed: false, reason: 'not_officer' };
  const holding = principal.roles.filter((r) => entry.roles.includes(r.role));
  if (!holding.length) return { allowed: false, reason: 'role' };
  const full = (role: OfficerRole) => !!entry.fullPersonalData?.includes(role);
  if (entry.scope === 'any') {
    const best = holding.find((r) => full(r.role)) ?? holding[0]!;
    return { allowed: true, role: best.role, via: best, fullPersonalData: full(best.role) };
  }
  if (!resource) return { allowed: false, reason: 'jurisdiction' };
  const inTree = holding.filter((r) => inSubtree(paths, scopeRoot(r.org), resource.org));
  if (!inTree.length) return { allowed: false, reason: 'jurisdiction' };
  const inDept = inTree.filter((r) => r.department === '*' || !resource.department || r.department === resource.department);
  if (!inDept.length) return { allowed: false, reason: 'department' };
  const best = inDept.find((r) => full(r.role)) ?? inDept[0]!;
  return { allowed: true, role: best.role, via: best, fullPersonalData: full(best.role) };
}
