/** Views of the unified-identity API (统一身份认证): the signed-in person, data-access records, officer views. */
import type { BilingualText } from '@tongban/core/text';

/** Officer roles, as the policy table names them. */
export type OfficerRole = 'window_officer' | 'reviewer' | 'approver' | 'department_head' | 'producer' | 'admin';

/** Whether personal data is shown in full or masked (`3101**********0019`). */
export type Disclosure = 'full' | 'masked';

/** How a person may act for an enterprise. */
export type EnterpriseRole = 'legal_representative' | 'agent';

/** An enterprise the signed-in person may act for. */
export interface EnterpriseLink {
  uscc: string;
  name: string;
  role: EnterpriseRole | string;
}

/** A role held at an org for a department (`*` = every department), with display names. */
export interface MeRole {
  org: string;
  department: string;
  role: OfficerRole | string;
  roleName: BilingualText;
  orgName: BilingualText | null;
}

/** GET /api/v1/me — the signed-in person. Personal data is masked unless asked for with `reveal=true`. */
export interface Me {
  kind: 'citizen' | 'officer' | 'service';
  id: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  citizenId: string;
  phone: string | null;
  address: string | null;
  householdRegion: string;
  householdOrg: { code: string; name: BilingualText } | null;
  disclosure: Disclosure;
  officer: { id: string; roles: MeRole[] } | null;
  enterprises: EnterpriseLink[];
  actingFor: EnterpriseLink | null;
  csrfToken: string | null;
}

/** One audited use of the signed-in person's data. */
export interface DataAccessEntry {
  id?: string;
  at: string;
  actor: string;
  actorRole: string | null;
  org: string | null;
  orgName: BilingualText | null;
  roleNames: BilingualText[];
  action: string;
  purpose: string | null;
  self: boolean;
  subjectType: string;
  detail?: Record<string, unknown> | null;
}

/** GET /api/v1/me/data-access — a page of "who used my data". */
export interface DataAccessPage {
  entries: DataAccessEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** A node of the org tree (city bureau → sub-bureau → station → window). */
export interface OrgView {
  code: string;
  parent: string | null;
  kind: string;
  name: BilingualText;
  district: string | null;
  departments: string[];
}

/** GET /api/v1/officer/me — the officer's roles with their orgs. */
export interface OfficerSelf {
  id: string;
  officerId: string | null;
  name: string;
  roles: { org: OrgView; department: string; role: OfficerRole | string }[];
}

/** GET /api/v1/officer/orgs/{code} — an org and every org below it. */
export interface OrgSubtree {
  org: OrgView;
  subtree: OrgView[];
}

/** GET /api/v1/officer/persons — a resident's record, disclosed by the officer's role. */
export interface PersonView {
  id: string;
  name: string;
  sex: 'male' | 'female' | string;
  birthDate: string;
  citizenId: string;
  phone: string | null;
  address: string | null;
  householdRegion: string;
  householdOrg: { code: string; name: BilingualText } | null;
  disclosure: Disclosure;
}
