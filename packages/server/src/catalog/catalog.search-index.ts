/**
 * The catalog search index of one server process: MiniSearch over the words jieba cut from each published item
 * (stored in catalog_index). The database stays the source of truth: the index reloads when the table's stamp
 * moves on (checked at most once per `ttlMs`, and at once after this process publishes), so several processes
 * on one database each see a publication within a second.
 */
import MiniSearch from 'minisearch';
import { indexTokens, queryTokens } from '@tongban/core';
import { catalogRepo, type IndexedItemRow, type Queryable } from '@tongban/db';
import type { Clock } from '../clock.ts';

export interface ItemSearch {
  q?: string | undefined;
  department?: string | undefined;
  itemType?: string | undefined;
  channel?: string | undefined;
  fullyOnline?: boolean | undefined;
  crossRegion?: boolean | undefined;
  limit: number;
  offset: number;
}

interface Doc { id: string; name: string; primary: string; secondary: string }

const split = (s: string): string[] => s.split(' ');
const nameWords = (r: IndexedItemRow): string => {
  const name = r.summary.name as { zh: string; en: string };
  return indexTokens(`${name.zh} ${name.en}`).join(' ');
};

export class CatalogSearchIndex {
  private rows = new Map<string, IndexedItemRow>();
  private mini = CatalogSearchIndex.emptyIndex();
  private stamp = '';
  private loadedFor = '';
  private checkedAt = 0;
  private pending: Promise<void> | null = null;

  constructor(private readonly db: Queryable, private readonly clock: Clock, private readonly ttlMs = 1000) {}

  private static emptyIndex(): MiniSearch<Doc> {
    return new MiniSearch<Doc>({
      fields: ['name', 'primary', 'secondary'],
      tokenize: split,
      processTerm: (t) => t || null,
      searchOptions: { boost: { name: 8, primary: 3 }, prefix: true, combineWith: 'AND' },
    });
  }

  /** Makes the next search check the database (call after this process published something). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async refresh(today: string): Promise<void> {
    if (Date.now() - this.checkedAt < this.ttlMs && this.loadedFor === today) return;
    this.pending ??= (async () => {
      try {
        const stamp = await catalogRepo.indexStamp(this.db);
        if (stamp !== this.stamp || this.loadedFor !== today) {
          const rows = await catalogRepo.indexedItems(this.db, today);
          const mini = CatalogSearchIndex.emptyIndex();
          mini.addAll(rows.map((r) => ({ id: `${r.code}@${r.version}`, name: nameWords(r), primary: r.primaryTerms.join(' '), secondary: r.secondaryTerms.join(' ') })));
          rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
          this.rows = new Map(rows.map((r) => [`${r.code}@${r.version}`, r]));
          this.mini = mini;
          this.stamp = stamp;
          this.loadedFor = today;
        }
        this.checkedAt = Date.now();
      } finally {
        this.pending = null;
      }
    })();
    await this.pending;
  }

  /** Items in force today that match the words and filters, best first (name and code matches first), one page. */
  async search(f: ItemSearch): Promise<{ total: number; summaries: Record<string, unknown>[] }> {
    const today = this.clock.today();
    await this.refresh(today);
    const pass = (r: IndexedItemRow | undefined): r is IndexedItemRow =>
      !!r && r.effectiveDate <= today && (r.untilDate === null || r.untilDate > today)
      && (f.department === undefined || r.department === f.department)
      && (f.itemType === undefined || r.itemType === f.itemType)
      && (f.channel === undefined || r.channels.includes(f.channel))
      && (f.fullyOnline === undefined || r.fullyOnline === f.fullyOnline)
      && (f.crossRegion === undefined || r.crossRegion === f.crossRegion);

    const text = f.q?.trim() ?? '';
    if (!text) {
      // rows are kept in code order, which is the order of a listing without words
      const rows = [...this.rows.values()].filter(pass);
      return { total: rows.length, summaries: rows.slice(f.offset, f.offset + f.limit).map((r) => r.summary) };
    }
    // a query that looks like a catalog code (HZ-JZZ-BL, GEN-0012) is matched against codes only
    const code = text.toLowerCase();
    const codeLike = /^[a-z]+(-[a-z0-9]*)+$/.test(code);
    const byCode: IndexedItemRow[] = [];
    if (/^[a-z0-9-]+$/.test(code)) {
      for (const row of this.rows.values()) if (row.code.toLowerCase().startsWith(code) && pass(row)) byCode.push(row);
    }
    const hits: IndexedItemRow[] = [...byCode];
    if (!codeLike) {
      const words = queryTokens(text);
      const seen = new Set(byCode.map((r) => r.code));
      // MiniSearch returns its results best first; ties keep the index's order, so pages are stable
      if (words.length) {
        for (const r of this.mini.search(words.join(' '))) {
          const row = this.rows.get(r.id as string);
          if (pass(row) && !seen.has(row.code)) hits.push(row);
        }
      }
    }
    return { total: hits.length, summaries: hits.slice(f.offset, f.offset + f.limit).map((h) => h.summary) };
  }
}
