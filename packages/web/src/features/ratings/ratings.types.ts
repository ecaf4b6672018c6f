/** The service-quality API's shapes as the web app reads them. */
import type { LocalText } from '@tongban/core/text';

export const LEVELS = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'] as const;
export type Level = (typeof LEVELS)[number];
export const STARS: Record<Level, number> = { very_satisfied: 5, satisfied: 4, basic: 3, dissatisfied: 2, very_dissatisfied: 1 };
export const isBad = (l: Level) => l === 'dissatisfied' || l === 'very_dissatisfied';
export type Subject = 'case' | 'window' | 'online' | 'help';
export type Stage = 'verify' | 'rectify' | 'callback' | 'closed';
export type OrderAction = 'verify' | 'rectify' | 'explain' | 'appeal' | 'callback' | 'close';
export type Resolution = 'fixed' | 'fixed_later' | 'explained' | 'appeal_upheld';

export interface Reason { code: string; zh: string; en: string }
export interface ReasonLists { levels: Level[]; online: Reason[]; offline: Reason[]; commentMax: number }

export interface Rating {
  id: string;
  caseId: string | null;
  subject: Subject;
  level: Level;
  levelName: { zh: string; en: string };
  bad: boolean;
  reasons: Reason[];
  comment: string | null;
  anonymous: boolean;
  channel: string;
  assessNumber: number;
  ratedAt: string;
  changedAt: string | null;
  revision: number;
}

export interface SubjectWindow { subject: Subject; rateable: boolean; why: 'not_closed' | 'not_accepted_at_window' | 'not_online' | 'window_closed' | null; lastDay: string | null; rated: boolean }
export interface CaseRatings { ratings: Rating[]; subjects: SubjectWindow[] }

export interface PadInfo { itemName: LocalText; org: { code: string; name: LocalText }; expiresAt: string; levels: Level[]; reasons: Reason[]; commentMax: number }

export interface OrderRecord { note: string | null; byName: string | null; at: string; onTime?: boolean; reached?: boolean; satisfied?: boolean | null; reason?: string; resolution?: Resolution }

export interface OrderSummary {
  id: string;
  caseId: string | null;
  org: { code: string; name: LocalText };
  itemCode: string;
  itemName: LocalText;
  stage: Stage;
  resolution: Resolution | null;
  openedOn: string;
  due: { verify: string; rectify: string; callback: string | null; stage: string | null };
  overdue: boolean;
  escalated: boolean;
  revision: number;
  rating: { level: Level; reasons: Reason[]; ratedAt: string; anonymous: boolean };
}

export interface OrderDetail extends Omit<OrderSummary, 'rating'> {
  rating: Rating;
  evaluator: { anonymous: boolean; name: string; phone: string | null; known: boolean };
  case: { id: string; receiptNo: string; state: string } | null;
  verification: OrderRecord | null;
  rectification: OrderRecord | null;
  callback: OrderRecord | null;
  history: { seq: number; at: string; kind: string; actor: { kind: string; name: string | null }; detail: Record<string, unknown> }[];
  allowedActions: OrderAction[];
  canAct: boolean;
}
