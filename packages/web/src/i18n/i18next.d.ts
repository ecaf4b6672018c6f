import 'i18next';
import type zhCN from './zh-CN.json';

type Resources = typeof zhCN;

/**
 * Lookup tables read whole, by a code known only at run time (labels of form enum codes and of data-source fields;
 * see features/apply/apply.labels.ts), are left out of the typed keys: nothing is gained by typing them, and the
 * ~180 keys more push i18next's key types past TypeScript's instantiation depth.
 *
 * The sections of case handling (cases, workbench, intake, notifications; ~300 keys) are left out for the same
 * reason: the typed set is at the limit. They are typed by their own, cheaper key type instead
 * (features/cases/cases.i18n.ts, `useCaseT`), which fails the type check on a missing key just the same.
 *
 * The e-licence section likewise (`licenses`, typed by features/licenses/licenses.i18n.ts, `useLicenseT`); the claim
 * labels of licence faces come from @tongban/core (CLAIM_LABELS), shared with the printed copy.
 */
type CaseSections = 'cases' | 'workbench' | 'intake' | 'notifications';
type LicenseSections = 'licenses';
type Typed = Omit<Resources, 'apply' | CaseSections | LicenseSections> & { apply: Omit<Resources['apply'], 'enumValue' | 'facts'> };

// Typed keys: a t('…') call with a key missing from zh-CN.json fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Typed };
    returnNull: false;
  }
}
