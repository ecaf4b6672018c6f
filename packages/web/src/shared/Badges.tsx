/** The small labels of an item: 全程网办, 秒办, 跨省通办, 全市通办. Colours meet 4.5:1 on their backgrounds. */
import { useTranslation } from 'react-i18next';

export interface BadgeFlags {
  fullyOnline?: boolean;
  instant?: boolean;
  crossRegion?: boolean;
  cityWide?: boolean;
  optional?: boolean;
}

export function Badges(flags: BadgeFlags) {
  const { t } = useTranslation();
  const shown = [
    flags.fullyOnline && { key: 'online', text: t('badge.fullyOnline') },
    flags.instant && { key: 'instant', text: t('badge.instant') },
    flags.crossRegion && { key: 'cross', text: t('badge.crossRegion') },
    flags.cityWide && { key: 'city', text: t('badge.cityWide') },
    flags.optional && { key: 'optional', text: t('badge.optional') },
  ].filter((b): b is { key: string; text: string } => !!b);
  if (shown.length === 0) return null;
  return (
    <ul className="tb-badges">
      {shown.map((b) => (
        <li key={b.key} className={`tb-badge tb-badge--${b.key}`}>{b.text}</li>
      ))}
    </ul>
  );
}
