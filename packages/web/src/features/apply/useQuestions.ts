/**
 * Every question of the application's item (or of each member of its bundle), from the published definitions: the
 * pre-check lists only the questions still open, so answered ones (to show and change them, and to name them in
 * the facts a condition was decided by) come from here. Definitions are fetched once per item version.
 */
import { useEffect, useState } from 'react';
import { getItem } from '../catalog/catalog.api.ts';
import type { ApplicationView, PrecheckQuestion } from './apply.types.ts';

const cache = new Map<string, Promise<PrecheckQuestion[]>>();

function questionsOf(code: string, version: number): Promise<PrecheckQuestion[]> {
  const key = `${code}@${version}`;
  let p = cache.get(key);
  if (!p) {
    p = getItem(code, version).then(
      (item) => (item.definition.questions ?? []) as PrecheckQuestion[],
      () => {
        cache.delete(key);
        return [];
      },
    );
    cache.set(key, p);
  }
  return p;
}

/** The questions by answer key: an item's own ids; in a bundle both `id` and `CODE.id`. */
export function useQuestions(view: ApplicationView): Map<string, PrecheckQuestion> {
  const [known, setKnown] = useState<Map<string, PrecheckQuestion>>(new Map());
  const members = view.kind === 'item' ? [{ itemCode: view.code, version: view.version }] : view.members;
  const key = members.map((m) => `${m.itemCode}@${m.version}`).join(',');

  useEffect(() => {
    let live = true;
    void Promise.all(members.map(async (m) => ({ code: m.itemCode, questions: await questionsOf(m.itemCode, m.version) }))).then((all) => {
      if (!live) return;
      const map = new Map<string, PrecheckQuestion>();
      for (const { code, questions } of all) {
        for (const q of questions) {
          if (view.kind === 'bundle') map.set(`${code}.${q.id}`, { ...q, id: `${code}.${q.id}` });
          if (!map.has(q.id)) map.set(q.id, q);
        }
      }
      setKnown(map);
    });
    return () => {
      live = false;
    };
    // the members' codes and versions say when the definitions change
  }, [key]);

  const out = new Map(known);
  for (const q of view.precheck.questions) out.set(q.id, q);
  return out;
}
