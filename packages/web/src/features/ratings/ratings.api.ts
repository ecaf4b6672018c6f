/** Typed client of the service-quality API: my ratings, the counter pad, and (officers) the work orders. */
import { getJson, sendJson, withQuery } from '../../shared/http.ts';
import type { CaseRatings, Level, OrderAction, OrderDetail, OrderSummary, PadInfo, Rating, ReasonLists, Subject } from './ratings.types.ts';

export const getReasons = (signal?: AbortSignal) => getJson<ReasonLists>('/api/v1/ratings/reasons', signal);

const caseBase = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}/ratings`;

/** GET my ratings of a case and which subjects can be rated. */
export const getCaseRatings = (caseId: string, signal?: AbortSignal) => getJson<CaseRatings>(caseBase(caseId), signal);

export interface RatingBody { level: Level; reasons: string[]; comment?: string; anonymous?: boolean }

/** POST a new rating (409 already rated or window closed, 422 reasons). */
export const rateCase = (caseId: string, body: RatingBody & { subject: Subject }) => sendJson<Rating>('POST', caseBase(caseId), { ...body, channel: 'pc' });

/** PUT a changed rating with the revision seen. */
export const changeRating = (caseId: string, subject: Subject, body: RatingBody & { revision: number }) => sendJson<Rating>('PUT', `${caseBase(caseId)}/${subject}`, body);

const padBase = (token: string) => `/api/v1/rating-pad/${encodeURIComponent(token)}`;
export const getPad = (token: string, signal?: AbortSignal) => getJson<PadInfo>(padBase(token), signal);
export const ratePad = (token: string, body: RatingBody) => sendJson<Rating>('POST', padBase(token), body);

/** GET the work orders of my jurisdiction. */
export const listOrders = (q: { view: 'open' | 'daily' | 'all'; page?: number }, signal?: AbortSignal) =>
  getJson<{ total: number; page: number; pageSize: number; items: OrderSummary[] }>(withQuery('/api/v1/officer/rectifications', q), signal);

export const getOrder = (id: string, signal?: AbortSignal) => getJson<OrderDetail>(`/api/v1/officer/rectifications/${encodeURIComponent(id)}`, signal);

export interface OrderActionBody { action: OrderAction; revision: number; note?: string; resolution?: 'fixed' | 'fixed_later'; reached?: boolean; satisfied?: boolean }
export const actOnOrder = (id: string, body: OrderActionBody) => sendJson<OrderDetail>('POST', `/api/v1/officer/rectifications/${encodeURIComponent(id)}/actions`, body);
