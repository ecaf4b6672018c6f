/** What the ratings and the work orders share: dependencies, time helpers, item names and the officers to tell. */
import { type KeyProvider, type Principal } from '@tongban/core';
import { catalogRepo, type Db, type Queryable } from '@tongban/db';
import type { Clock } from '../clock.ts';
import type { OrgDirectory } from '../identity/org-directory.ts';
import type { CalendarService } from '../cases/calendar.service.ts';
import type { Notifier } from '../cases/cases.service.ts';
import { addDays } from '../datasources/calendar.ts';

export type Text = { zh: string; en: string };

export interface QualityDeps {
  db: Db;
  keys: KeyProvider;
  clock: Clock;
  orgs: OrgDirectory;
  calendar: CalendarService;
  notifier: Notifier;
  /** RECTIFY_DAYS */
  rectifyDays: () => number;
}

/** Who did it, as a work order's history records it. */
export interface QualityActor { actor: string; name: string | null }

export const officerActor = (who: Principal): QualityActor => ({ actor: `officer:${who.officerId ?? who.id}`, name: who.name });
export const SYSTEM_ACTOR: QualityActor = { actor: 'system', name: null };

/** The instant a calendar date starts in Asia/Shanghai (UTC+8, no daylight saving). */
export const startOfDay = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
export const nextDay = (date: string) => addDays(date, 1);

const names = new Map<string, Text>();
/** The name of an item by code (its latest published version; cached per process). */
export async function itemName(q: Queryable, code: string): Promise<Text> {
  const hit = names.get(code);
  if (hit) return hit;
  const v = await catalogRepo.latestPublished(q, code);
  const name = ((v?.definition as { name?: Text } | undefined)?.name) ?? { zh: code, en: code };
  names.set(code, name);
  return name;
}

/** People holding one of `roles` for `department` at exactly `org`. */
export async function officersAt(q: Queryable, org: string, roles: readonly string[], department: string): Promise<string[]> {
  const r = await q.query<{ personId: string }>(
    `select distinct o.person_id as "personId" from officer_roles r join officers o on o.id = r.officer_id
     where o.active and r.role = any($1::text[]) and r.org = $2 and (r.department = $3 or r.department = '*')`, [roles, org, department]);
  return r.rows.map((x) => x.personId);
}

/** People holding one of `roles` for `department` at the nearest org on the path (the org itself first, then up). */
export async function nearestOfficers(q: Queryable, orgPath: string, roles: readonly string[], department: string): Promise<string[]> {
  const chain = orgPath.split('/').filter(Boolean).reverse();
  for (const org of chain) {
    const found = await officersAt(q, org, roles, department);
    if (found.length) return found;
  }
  return [];
}
