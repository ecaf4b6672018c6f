/** The org tree as this process sees it: loaded from the database, refreshed every 30 seconds. */
import type { OrgPaths } from '@tongban/core';
import { identityRepo, type OrgRow, type Queryable } from '@tongban/db';

export class OrgDirectory {
  private rows: OrgRow[] = [];
  private paths = new Map<string, string[]>();
  private loadedAt = 0;

  constructor(private readonly db: Queryable, private readonly ttlMs = 30_000) {}

  /** Reloads when stale; `q` is the caller's transaction when there is one (PGlite has a single connection). */
  private async fresh(q: Queryable = this.db): Promise<void> {
    if (Date.now() - this.loadedAt < this.ttlMs && this.rows.length) return;
    this.rows = await identityRepo.orgs(q);
    this.paths = new Map(this.rows.map((r) => [r.code, r.path]));
    this.loadedAt = Date.now();
  }

  /** Forgets the cached tree (after a change to it). */
  invalidate(): void {
    this.loadedAt = 0;
  }

  async orgPaths(q?: Queryable): Promise<OrgPaths> {
    await this.fresh(q);
    return this.paths;
  }

  async get(code: string, q?: Queryable): Promise<OrgRow | undefined> {
    await this.fresh(q);
    return this.rows.find((r) => r.code === code);
  }

  /** Every org. */
  async all(q?: Queryable): Promise<OrgRow[]> {
    await this.fresh(q);
    return this.rows;
  }

  /** The org and every org below it. */
  async subtree(code: string): Promise<OrgRow[]> {
    await this.fresh();
    return this.rows.filter((r) => r.path.includes(code));
  }

  /** The root of the subtree a role held at `org` covers: a window or service point acts for its parent station. */
  scopeRoot(): (org: string) => string {
    const byCode = new Map(this.rows.map((r) => [r.code, r]));
    return (org) => {
      const o = byCode.get(org);
      return o?.kind === 'window' && o.parent ? o.parent : org;
    };
  }

  /** A function giving an org's org-path prefix (`/SH/SH-PD/`), for `org_path like prefix || '%'` subtree filters. */
  async prefixer(q?: Queryable): Promise<(org: string) => string> {
    await this.fresh(q);
    const paths = this.paths;
    return (org) => `/${(paths.get(org) ?? [org]).join('/')}/`;
  }

  /** The org-path prefix of one org's subtree. */
  async pathPrefix(org: string, q?: Queryable): Promise<string> {
    return (await this.prefixer(q))(org);
  }

  /** The jurisdiction of role holdings as org-path prefixes with their departments (a window acts for its station). */
  async jurisdiction(roles: readonly { org: string; department: string }[]): Promise<{ prefix: string; departments: string[] }[]> {
    const prefix = await this.prefixer();
    const root = this.scopeRoot();
    return roles.map((r) => ({ prefix: prefix(root(r.org)), departments: [r.department] }));
  }

  /** The root of the tree (the city bureau). */
  async root(): Promise<string | undefined> {
    await this.fresh();
    return this.rows.find((r) => r.parent === null)?.code;
  }
}
