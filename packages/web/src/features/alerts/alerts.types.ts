/** The alert list as the server presents it (GET /api/v1/officer/alerts; server: routes/monitoring/monitoring.schema.ts). */
export const ALERT_KINDS = ['step_overdue', 'not_fetched', 'feedback_missing', 'not_downloaded', 'not_produced'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

type Text = { zh: string; en: string };

export interface AlertView {
  id: string;
  kind: AlertKind;
  kindName: Text;
  caseId: string;
  itemCode: string | null;
  caseState: string;
  step: { id: string | null; role: string | null; startedOn: string | null; dueDate: string | null };
  org: { code: string; name: Text };
  department: string;
  responsible: { id: string; name: string | null }[];
  supervisors: { id: string; name: string | null }[];
  raisedAt: string;
  escalatedAt: string | null;
  clearedAt: string | null;
  open: boolean;
}

export interface AlertPage {
  total: number;
  page: number;
  pageSize: number;
  items: AlertView[];
}

export interface AlertQuery {
  state: 'open' | 'all';
  kind: AlertKind | undefined;
  page: number;
  pageSize: number;
}
