/** Formatting of working days, visits and dates in the current language. */
import { useTranslation } from 'react-i18next';

/** Times are shown in the bureau's zone, whatever the reader's device says. */
const BUREAU_TZ = 'Asia/Shanghai';

export function useFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language.startsWith('en') ? 'en-GB' : 'zh-CN';
  return {
    /** "10 个工作日", or "当日办结" for 0 */
    days: (n: number): string => (n === 0 ? t('common.sameDay') : t('common.days', { count: n })),
    /** "2 次", or "0 次（无需到现场）" */
    visits: (n: number): string => (n === 0 ? t('common.noVisit') : t('common.visits', { count: n })),
    /** a date of an ISO timestamp, in the bureau's time zone (Asia/Shanghai: deadlines and office hours are there) */
    date: (iso: string): string => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: BUREAU_TZ }).format(d);
    },
    /** a calendar date (`YYYY-MM-DD`, e.g. a birth date), the same in every time zone */
    day: (ymd: string): string => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
      if (!m) return ymd;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
    },
    /** a date and time of an ISO timestamp, in the bureau's time zone */
    dateTime: (iso: string): string => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: BUREAU_TZ }).format(d);
    },
    /** a list joined with the language's separator */
    list: (parts: string[]): string => parts.join(t('common.listSeparator')),
  };
}
