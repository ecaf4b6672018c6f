/**
 * Labels the catalog does not carry, read from the app's translations by code: enum codes of application forms
 * (`male` → 男) and data-source fields (`population.householdDistrict` → 户籍所在地). Unknown codes get no label
 * (callers show the code itself).
 */
import { useTranslation } from 'react-i18next';

type Table = Record<string, unknown>;

function useTable(name: 'enumValue' | 'facts'): Table {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  const table = (i18n.getResource(lng, 'translation', `apply.${name}`) ?? i18n.getResource('zh-CN', 'translation', `apply.${name}`)) as unknown;
  return typeof table === 'object' && table !== null ? (table as Table) : {};
}

/** The label of an enum code of a form (`employment` → 合法稳定就业), or undefined. */
export function useEnumLabel(): (code: string) => string | undefined {
  const table = useTable('enumValue');
  return (code) => {
    const v = Object.hasOwn(table, code) ? table[code] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
}

/** The label of a data-source field (`residence.months` → 居住登记月数), or undefined. */
export function useFactLabel(): (field: string) => string | undefined {
  const table = useTable('facts');
  return (field) => {
    const [source = '', name = ''] = field.split('.');
    const fields = Object.hasOwn(table, source) ? table[source] : undefined;
    if (typeof fields !== 'object' || fields === null) return undefined;
    const v = (fields as Table)[name];
    return typeof v === 'string' ? v : undefined;
  };
}
