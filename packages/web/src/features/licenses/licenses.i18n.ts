/**
 * Translations of the e-licence section (证照夹, 亮证, 核验, 查验记录). Like the case-handling sections
 * (features/cases/cases.i18n.ts) it is kept out of i18next's typed keys, which are at TypeScript's instantiation
 * limit (see i18n/i18next.d.ts), and typed here by a plain union of its leaf paths: a key missing from zh-CN.json
 * still fails the type check. The claim labels come from @tongban/core (CLAIM_LABELS), shared with the printed copy.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { claimLabel } from '@tongban/core/claim-labels';
import { currentLanguage } from '../../i18n/i18n.ts';
import type zhCN from '../../i18n/zh-CN.json';

type Sections = Pick<typeof zhCN, 'licenses'>;

/** `count_other` → `count`: i18next picks the plural form from `count`. */
type WithoutPlural<K extends string> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

/** The dotted paths of the string leaves of T. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${WithoutPlural<K>}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A key of the e-licence section, e.g. `licenses.status.revoked`. */
export type LicenseKey = Leaves<Sections>;

/** Interpolation values (and `count` for plurals). */
export type LicenseTOptions = Record<string, string | number | null | undefined>;

/** Translates a key of the e-licence section in the current language. */
export type LicenseT = (key: LicenseKey, options?: LicenseTOptions) => string;

/** The `t` of the e-licence section. */
export function useLicenseT(): LicenseT {
  const { t } = useTranslation();
  // the keys are checked by LicenseKey; i18next's own key types do not include this section
  const untyped = t as unknown as (key: string, options?: LicenseTOptions) => string;
  return useCallback<LicenseT>((key, options) => untyped(key, options), [untyped]);
}

/** The label of a claim on a licence's face in the current language, or the claim name when there is none. */
export function useClaimLabel(): (name: string) => string {
  const { i18n } = useTranslation();
  const lang = currentLanguage(i18n.language) === 'en' ? 'en' : 'zh';
  return useCallback((name: string) => claimLabel(name, lang), [lang]);
}
