/** The dashboard's and the public page's response shapes (see packages/server/src/dashboard/dashboard.service.ts). */
export type Bucket = 'day' | 'week' | 'month';
export const BUCKETS: readonly Bucket[] = ['day', 'week', 'month'];

export interface BilingualName { zh: string; en: string }
export interface Ratio { numerator: number; denominator: number; rate: number | null }

export interface Figures {
  applications: number;
  online: Ratio;
  fullyOnline: Ratio;
  firstTimeSuccess: Ratio;
  prefill: Ratio;
  exemption: Ratio;
  handling: { closed: number; workingDays: number; promisedDays: number; averageDays: number | null; averagePromisedDays: number | null };
  overdue: { openNow: number; closedLate: Ratio };
  goodRating: Ratio & { bad: number };
  rectifications: { open: number; overdue: number };
}
export interface ChildFigures extends Figures { org: string; name: BilingualName; kind: string; hasChildren: boolean; self: boolean }
export interface ItemFigures extends Figures { code: string; name: BilingualName }
export interface TrendPoint {
  bucket: string;
  applications: number;
  online: Ratio;
  firstTimeSuccess: Ratio;
  goodRating: Ratio;
  badRatings: number;
  overdue: number;
}
export interface Dashboard {
  org: { code: string; name: BilingualName; path: { code: string; name: BilingualName }[] };
  period: { from: string; to: string; bucket: Bucket; timeZone: string };
  departments: string[] | null;
  figures: Figures;
  children: ChildFigures[];
  items: ItemFigures[];
  trend: TrendPoint[];
}
export interface DashboardQuery { org: string; from: string; to: string; bucket: Bucket }

export interface PublicItem {
  code: string; name: BilingualName;
  ratings: number; good: number; bad: number; goodRate: number | null;
  closed: number; promised: number; onTime: number; onTimeRate: number | null;
}
export interface PublicQuality {
  month: string; from: string; to: string; items: PublicItem[];
  total: { ratings: number; good: number; bad: number; goodRate: number | null; closed: number; promised: number; onTime: number; onTimeRate: number | null };
}
