/**
 * Translations of the alerts page (超时预警), kept in features/alerts/alerts.{zh-CN,en}.json and merged into i18next by
 * i18n/i18n.ts. Like the other sections (features/licenses/licenses.i18n.ts) they are outside i18next's typed keys and
 * typed here by the leaf paths of the zh-CN file: a key missing from it fails the type check.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type zhCN from './alerts.zh-CN.json';

/** `count_other` → `count`: i18next picks the plural form from `count`. */
type WithoutPlural<K extends string> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

/** The dotted paths of the string leaves of T. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${WithoutPlural<K>}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A key of the alerts section, e.g. `alerts.col.kind`. */
export type AlertKey = Leaves<typeof zhCN>;

/** Interpolation values (and `count` for plurals). */
export type AlertTOptions = Record<string, string | number | null | undefined>;

/** Translates a key of the alerts section in the current language. */
export type AlertT = (key: AlertKey, options?: AlertTOptions) => string;

/** The `t` of the alerts section. */
export function useAlertT(): AlertT {
  const { t } = useTranslation();
  // the keys are checked by AlertKey; i18next's own key types do not include this section
  const untyped = t as unknown as (key: string, options?: AlertTOptions) => string;
  return useCallback<AlertT>((key, options) => untyped(key, options), [untyped]);
}
