/**
 * Translations of the case-handling sections (cases, workbench, intake, notifications). They are kept out of
 * i18next's typed keys (see i18n/i18next.d.ts: the typed set is at TypeScript's instantiation limit), so they get
 * their own key type here — a plain union of the sections' leaf paths, cheap to compute — and a `t` that takes only
 * those keys. A key missing from zh-CN.json still fails the type check.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type zhCN from '../../i18n/zh-CN.json';

type Sections = Pick<typeof zhCN, 'cases' | 'workbench' | 'intake' | 'notifications'>;

/** `count_other` → `count`: i18next picks the plural form from `count`. */
type WithoutPlural<K extends string> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

/** The dotted paths of the string leaves of T. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${WithoutPlural<K>}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A key of the case-handling sections, e.g. `cases.state.review`. */
export type CaseKey = Leaves<Sections>;

/** Interpolation values (and `count` for plurals). */
export type CaseTOptions = Record<string, string | number | null | undefined>;

/** Translates a key of the case-handling sections in the current language. */
export type CaseT = (key: CaseKey, options?: CaseTOptions) => string;

/** The `t` of the case-handling sections. */
export function useCaseT(): CaseT {
  const { t } = useTranslation();
  // the keys are checked by CaseKey; i18next's own key types do not include these sections
  const untyped = t as unknown as (key: string, options?: CaseTOptions) => string;
  return useCallback<CaseT>((key, options) => untyped(key, options), [untyped]);
}
