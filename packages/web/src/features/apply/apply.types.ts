/**
 * What the applications API sends (/api/v1/applications…, /api/v1/materials), as the web app reads it: the
 * application view with its form, pre-check, checklist and materials plan (docs/design/smart-application.md).
 */
import type { BilingualText, LocalText } from '@tongban/core/text';

export type Eligibility = 'yes' | 'no' | 'unknown';
export type ConditionStatus = 'met' | 'not_met' | 'unknown';
export type ApplicationStatus = 'draft' | 'submitted';

/** One condition of the item as evaluated for this applicant (条件预检). */
export interface ConditionOutcome {
  /** the condition id; `CODE.id` in a bundle */
  id: string;
  status: ConditionStatus;
  text: BilingualText;
  remedy: LocalText;
  commitmentAllowed: boolean;
  /** set when the applicant signed a commitment instead (告知承诺) */
  committed?: boolean;
  /** the known facts and answers the rule read: `population.age`, `answers.studying` */
  decidedBy: { field: string; value: unknown; source?: string }[];
  /** when unknown: the variables that would decide it */
  missing: string[];
}

/** A question the applicant can answer so that an unknown condition gets decided. */
export interface PrecheckQuestion {
  /** the key in `answers` (a bundle question may be `CODE.id`) */
  id: string;
  label: BilingualText;
  type: 'boolean' | 'number' | 'string' | 'enum';
  options?: { value: string; label: BilingualText }[];
  key?: string;
  members?: string[];
}

export interface Precheck {
  eligible: Eligibility;
  conditions: ConditionOutcome[];
  /** only the questions that are unknown and decide a condition */
  questions: PrecheckQuestion[];
}

/** Where a prefilled form value came from (智能预填). */
export interface PrefillEntry {
  value: unknown;
  source: string;
  sourceName: BilingualText;
  /** the data-source field, e.g. `population.name` */
  field: string;
  readAt?: string;
}

/** One problem of the pre-review (智能预审): a condition, a form field or a material. */
export interface ChecklistEntry {
  kind: 'condition' | 'form' | 'material';
  /** `/conditions/<id>`, `/form/<field>` or `/materials/<id>` */
  path: string;
  code: string;
  message: { zh: string; en: string };
  remedy?: LocalText;
}

/** How a material is supplied (the server's own type). */
import type { MaterialEntry } from '@tongban/core/apply-types';
export type { MaterialEntry };

export type Necessity = 'required' | 'optional' | 'deferrable' | 'commitment';

/** A material of the application with its plan and current state. */
export interface ApplicationMaterial {
  /** the material id; `CODE.materialId` in a bundle */
  id: string;
  name: BilingualText;
  description: LocalText | null;
  necessity: Necessity;
  source: { type: 'upload' | 'license' | 'dataSource' | 'itemOutput'; licenseType?: string; field?: string; itemCode?: string };
  formats: string[];
  maxSizeMB: number;
  deferDays: number | null;
  commitmentText: LocalText | null;
  neededWhen: LocalText | null;
  acceptanceCriteria: LocalText | null;
  /** the item allows an e-licence, a record or another item's result instead of a file */
  exemptBySource: boolean;
  state: MaterialEntry | null;
}

/** A data dispute (数据异议) raised on a prefilled value. */
export interface Dispute {
  id: string;
  field: string;
  source: string;
  status: string;
}

/** An application as its applicant sees it. */
export interface ApplicationView {
  id: string;
  kind: 'item' | 'bundle';
  code: string;
  version: number;
  members: { itemCode: string; version: number }[];
  status: ApplicationStatus;
  /** optimistic concurrency: send it back with every change */
  revision: number;
  receiptNo: string | null;
  submittedAt: string | null;
  createdAt?: string;
  updatedAt?: string;
  name: BilingualText;
  form: {
    schema: Record<string, unknown>;
    uiSchema: Record<string, unknown>;
    values: Record<string, unknown>;
    prefill: Record<string, PrefillEntry>;
  };
  answers: Record<string, unknown>;
  precheck: Precheck;
  checklist: ChecklistEntry[];
  ready: boolean;
  materials: ApplicationMaterial[];
  measures: unknown;
  disputes: Dispute[];
}

/** A change to a draft. */
export interface ApplicationPatch {
  answers?: Record<string, unknown>;
  form?: Record<string, unknown>;
  materials?: Record<string, MaterialEntry>;
}

/** One row of 我的申请. */
export interface ApplicationSummary {
  id: string;
  kind: 'item' | 'bundle';
  code: string;
  version: number;
  status: ApplicationStatus;
  receiptNo: string | null;
  eligible: Eligibility | null;
  createdAt: string;
  submittedAt: string | null;
  name: BilingualText;
}

export interface ApplicationPage {
  applications: ApplicationSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PreReview {
  ok: boolean;
  checklist: ChecklistEntry[];
  precheck: Precheck;
}

export interface Receipt {
  receiptNo: string;
  submittedAt: string;
  application: ApplicationView;
}

/** An uploaded material file. */
export interface MaterialFile {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  fileName?: string | null;
  width?: number;
  height?: number;
  pages?: number;
}
