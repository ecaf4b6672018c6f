/** Text in both languages of the platform; Chinese is authoritative, English may be missing for long texts. */
export interface LocalText {
  zh: string;
  en?: string;
}

/** Text that must exist in both languages (names, headings). */
export interface BilingualText {
  zh: string;
  en: string;
}

/** Picks the text for a language, falling back to Chinese. */
export function pickText(text: LocalText | undefined, lang: string): string {
  if (!text) return '';
  return lang.startsWith('en') && text.en ? text.en : text.zh;
}
