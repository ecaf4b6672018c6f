/** Picking the language of catalog texts (LocalText) and the names of shared enums. */
import { useTranslation } from 'react-i18next';
import type { LocalText } from '@tongban/core/text';
import { CHANNEL_NAMES, DEPARTMENTS, DEPARTMENT_NAMES, ITEM_TYPE_INFO, LICENSE_TYPES, POLICE_DEPARTMENTS } from '@tongban/core/enums';

/** The language a catalog text is picked in. */
export type TextLang = 'zh' | 'en';

/** The current UI language as the catalog's text language. */
export function useTextLang(): TextLang {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('en') ? 'en' : 'zh';
}

/** `text.en` when the language is en and it exists, else `text.zh`. */
export function pick(text: LocalText | undefined, lang: TextLang): string {
  if (!text) return '';
  return lang === 'en' && text.en ? text.en : text.zh;
}

/**
 * Renders a catalog text in the current language. When English is asked for but only Chinese exists,
 * the Chinese is marked lang="zh-CN" so that screen readers switch voice.
 */
export function L({ text }: { text: LocalText | undefined }) {
  const lang = useTextLang();
  if (!text) return null;
  if (lang === 'en' && !text.en) return <span lang="zh-CN">{text.zh}</span>;
  return <>{pick(text, lang)}</>;
}

type Named = Record<string, { zh: string; en: string }>;
const named = (table: Named, code: string): LocalText => table[code] ?? { zh: code };

/** The department codes in filter order: the police departments first; outside agencies only matter for bundle members but may still be searched. */
export const DEPARTMENTS_POLICE_FIRST: string[] = [...POLICE_DEPARTMENTS, ...DEPARTMENTS.filter((d) => !(POLICE_DEPARTMENTS as readonly string[]).includes(d))];

/** Name of a department (警种) code; unknown codes are shown as they are. */
export const departmentText = (code: string): LocalText => named(DEPARTMENT_NAMES, code);
/** Name of an item type code. */
export const itemTypeText = (code: string): LocalText => named(ITEM_TYPE_INFO, code);
/** Name of a channel code. */
export const channelText = (code: string): LocalText => named(CHANNEL_NAMES, code);
/** Name of an e-licence type. */
export const licenseTypeText = (code: string): LocalText => named(LICENSE_TYPES, code);

/** Joins rendered parts with the language's list separator. */
export function joinNodes(parts: React.ReactNode[], separator: string): React.ReactNode[] {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]));
}

/** The name of what a repeated link or button acts on (", <name>"), for screen readers only. */
export function HiddenName({ text }: { text: LocalText | undefined }) {
  const { t } = useTranslation();
  return (
    <span className="tb-visually-hidden">
      {t('common.listSeparator')}
      <L text={text} />
    </span>
  );
}
