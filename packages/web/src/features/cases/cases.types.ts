/**
 * What the case API sends (/api/v1/cases…, /api/v1/officer/cases…, /api/v1/officer/intake…), as the web app reads it.
 * Mirrors section 4 of docs/design/case-handling.md; fields the contract does not name are marked optional.
 */
import type { BilingualText } from '@tongban/core/text';
import type { MaterialEntry } from '@tongban/core/apply-types';

export type { MaterialEntry };

/** A text in both languages (the contract's `Text`). */
export type Text = BilingualText;

/** The states of a case (办件). */
export const CASE_STATES = ['submitted', 'supplement', 'review', 'production', 'delivery', 'closed', 'archived', 'waiting', 'in_progress'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** How a closed case ended. */
export const CASE_OUTCOMES = ['approved', 'denied', 'refused', 'expired', 'cancelled'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Everything an officer may be allowed to do on a case (`allowedActions`). */
export const CASE_ACTIONS = [
  'claim', 'release', 'accept', 'refuse', 'supplement', 'approve', 'deny', 'produce', 'deliver', 'transfer', 'assign', 'archive', 'comment',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type DeliveryMethod = 'e_license' | 'window' | 'postal';

/** An org, by code and name. */
export interface OrgRef {
  code: string;
  name: Text;
}

/** A step of the item's process as the case runs it. */
export interface StepView {
  id: string;
  name: Text;
  role: string;
  department: string;
  /** `YYYY-MM-DD` (Asia/Shanghai) */
  dueDate: string | null;
  /** the due date was counted over a year whose official holidays are not yet published */
  provisional: boolean;
  startedAt: string | null;
}

export type StepStatus = 'done' | 'current' | 'pending' | 'skipped';

/** One entry of the case's event log. */
export interface TimelineEvent {
  seq: number;
  /** ISO timestamp */
  at: string;
  kind: string;
  actor: { kind: 'citizen' | 'officer' | 'system'; name: string | null; role: string | null; org: OrgRef | null };
  step: { id: string; name: Text } | null;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

/** A case in a list. */
export interface CaseSummary {
  id: string;
  receiptNo: string;
  applicationId: string;
  kind: 'item' | 'bundle';
  parentId: string | null;
  itemCode: string;
  itemName: Text;
  state: CaseState;
  outcome: CaseOutcome | string | null;
  step: StepView | null;
  org: OrgRef | null;
  department: string;
  promisedDue: string | null;
  legalDue: string | null;
  provisional: boolean;
  overdue: boolean;
  dueSoon: boolean;
  paused: boolean;
  /** as given; masked for window officers */
  applicantName: string;
  assignee: { id: string; name: string } | null;
  submittedAt: string;
  closedAt: string | null;
  revision: number;
  /**
   * Not in the contract's CaseSummary: when the server sends it, the applicant's list shows it; otherwise the list
   * says what happens next from the state and the current step.
   */
  nextStep?: Text;
}

/** An item of a supplement request (补正): a form field (`/form/<field>`), a material (`/materials/<key>`) or neither. */
export interface SupplementItem {
  path: string | null;
  message: string;
}

/** A case as its applicant sees it. */
export interface CaseView extends CaseSummary {
  /** what happens next, for the applicant */
  nextStep: Text;
  acceptedAt: string | null;
  acceptedOrg: OrgRef | null;
  competentOrg: OrgRef | null;
  routingRule: string | null;
  pausedDays: number;
  supplement: { items: SupplementItem[]; requestedAt: string | null; dueDate: string | null; note: string | null } | null;
  decision: {
    result: 'approve' | 'deny';
    reason: string | null;
    legalBasis: string | null;
    byRule: { stepId: string; description: Text } | null;
  } | null;
  delivery: { method: DeliveryMethod; pickupCode: string | null; trackingNo: string | null; deliveredAt: string | null } | null;
  steps: (StepView & { status: StepStatus })[];
  timeline: TimelineEvent[];
  /** bundle only */
  subCases: CaseSummary[];
  /** the combined result notice (统一发证) of a closed bundle, or the case's result */
  result: Text | null;
}

/** Where a prefilled form value came from. */
export interface CasePrefill {
  source: string;
  sourceName: Text;
  field: string;
}

/** A material of the application as the officer sees it. */
export interface CaseMaterial {
  key: string;
  name: Text;
  state: Record<string, unknown> | null;
  fileId: string | null;
  mime: string | null;
}

/** A case as an officer sees it: with what this officer may do now, and the application. */
export interface OfficerCaseView extends CaseView {
  allowedActions: string[];
  application: {
    /** not in the contract's text; the server sends it */
    id?: string;
    /** values are masked for window officers */
    form: Record<string, unknown>;
    /** the item's form schema (field titles), when the server sends it; null for a bundle */
    formSchema?: Record<string, unknown> | null;
    prefill: Record<string, CasePrefill>;
    materials: CaseMaterial[];
  };
}

/** A page of cases. */
export interface CasePage {
  total: number;
  page: number;
  pageSize: number;
  items: CaseSummary[];
}

/** The filters of the officer's case list (also its URL query string). */
export interface OfficerCaseQuery {
  view: 'inbox' | 'all';
  due?: 'soon' | 'overdue';
  department?: string;
  item?: string;
  state?: CaseState;
  org?: string;
  page: number;
  pageSize: number;
}

/** The body of an officer's action. */
export interface CaseActionBody {
  action: CaseAction;
  revision?: number;
  reason?: string;
  legalBasis?: string;
  items?: { path?: string; message: string }[];
  note?: string;
  toOrg?: string;
  assignee?: string;
  /** the method is the server's (the contract names `method?`, the server's schema does not take it) */
  delivery?: { trackingNo?: string; pickupCode?: string };
}

/** The applicant's answer to a supplement request. */
export interface SupplementAnswer {
  revision: number;
  form?: Record<string, unknown>;
  materials?: Record<string, MaterialEntry | null>;
  note?: string;
}

/** Data of the 409 problems of the action endpoint. */
export interface ActionNotAllowedData {
  state?: string;
  step?: string | null;
  allowed?: string[];
}
