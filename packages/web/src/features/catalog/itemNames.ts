/** Names of other items referenced by a guide (a material produced by another item), fetched once per code. */
import { useEffect, useState } from 'react';
import type { BilingualText } from '@tongban/core/text';
import { getItem } from './catalog.api.ts';

const cache = new Map<string, Promise<BilingualText | undefined>>();

function loadName(code: string): Promise<BilingualText | undefined> {
  let pending = cache.get(code);
  if (!pending) {
    pending = getItem(code).then(
      (item) => item.definition.name,
      () => undefined,
    );
    cache.set(code, pending);
  }
  return pending;
}

/** The name of item `code`, or undefined while loading or when it does not exist (callers show the code). */
export function useItemName(code: string | undefined, known?: BilingualText): BilingualText | undefined {
  const [name, setName] = useState<BilingualText | undefined>(known);
  useEffect(() => {
    if (known || !code) return;
    let live = true;
    void loadName(code).then((n) => {
      if (live) setName(n);
    });
    return () => {
      live = false;
    };
  }, [code, known]);
  return known ?? name;
}
