/**
 * Translations of the service-quality section (评价, 评价器, 差评整改), kept beside the feature and merged into
 * i18next by i18n/i18n.ts. Typed like licenses.i18n.ts by a union of the leaf paths of ratings.zh-CN.json: a key
 * missing there fails the type check.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type zhCN from './ratings.zh-CN.json';

/** `count_other` → `count`: i18next picks the plural form from `count`. */
type WithoutPlural<K extends string> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

/** The dotted paths of the string leaves of T. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${WithoutPlural<K>}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A key of the service-quality section, e.g. `ratings.level.satisfied`. */
export type RatingKey = Leaves<typeof zhCN>;

export type RatingTOptions = Record<string, string | number | null | undefined>;

/** Translates a key of the service-quality section in the current language. */
export type RatingT = (key: RatingKey, options?: RatingTOptions) => string;

/** The `t` of the service-quality section. */
export function useRatingT(): RatingT {
  const { t } = useTranslation();
  const untyped = t as unknown as (key: string, options?: RatingTOptions) => string;
  return useCallback<RatingT>((key, options) => untyped(key, options), [untyped]);
}
