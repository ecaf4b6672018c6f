/** How a material is obtained: uploaded, or exempt (两个免于提交) because an e-licence, shared data or another item covers it. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { BilingualText } from '@tongban/core/text';
import type { ItemMaterial } from './catalog.types.ts';
import { useItemName } from './itemNames.ts';
import { L, licenseTypeText, pick, useTextLang } from '../../shared/text.tsx';

type Source = ItemMaterial['source'];

/** Label of the data source of a `source.field` reference, e.g. residence.registered → 居住登记信息. */
function useDataSourceLabel(field: string | undefined): string | undefined {
  const { t } = useTranslation();
  const source = field?.split('.')[0];
  switch (source) {
    case 'population':
    case 'residence':
    case 'vehicle':
    case 'drivingLicence':
    case 'license':
    case 'socialInsurance':
    case 'lease':
    case 'enterprise':
    case 'criminalRecord':
      return t(`enums.dataSource.${source}`);
    default:
      return undefined;
  }
}

export { useDataSourceLabel };

/**
 * "免提交：电子证照 居住证" / "免提交：数据共享" / "由<item>结果提供" / "申请人提交".
 * `itemNames` lets the bundle page name its own members without a request.
 */
export function MaterialSource({ source, itemNames }: { source: Source; itemNames?: Map<string, BilingualText> }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const dataLabel = useDataSourceLabel(source.field);
  const itemName = useItemName(source.type === 'itemOutput' ? source.itemCode : undefined, source.itemCode ? itemNames?.get(source.itemCode) : undefined);

  switch (source.type) {
    case 'license':
      return (
        <span className="tb-exempt" data-exempt="license">
          {t('guide.materials.exemptLicense', { name: pick(licenseTypeText(source.licenseType ?? ''), lang) })}
        </span>
      );
    case 'dataSource':
      return (
        <span className="tb-exempt" data-exempt="data">
          {t('guide.materials.exemptData')}
          {dataLabel && t('guide.materials.exemptDataField', { source: dataLabel })}
        </span>
      );
    case 'itemOutput': {
      const code = source.itemCode ?? '';
      const name = itemName ? pick(itemName, lang) : code;
      return (
        <span className="tb-exempt" data-exempt="item">
          {code ? (
            <Link to={`/items/${encodeURIComponent(code)}`}>{t('guide.materials.fromItem', { name })}</Link>
          ) : (
            t('guide.materials.fromItem', { name })
          )}
        </span>
      );
    }
    default:
      return <span>{t('guide.materials.upload')}</span>;
  }
}

/** The necessity label (必要 / 非必要 / 容缺 / 告知承诺) with what it means for this material. */
export function Necessity({ material }: { material: Pick<ItemMaterial, 'necessity'> & Partial<Pick<ItemMaterial, 'neededWhen' | 'deferDays' | 'commitmentText'>> }) {
  const { t } = useTranslation();
  const { necessity, neededWhen, deferDays, commitmentText } = material;
  return (
    <div className="tb-necessity">
      <span className={`tb-tag tb-tag--${necessity}`}>{t(`enums.necessity.${necessity}`)}</span>
      {neededWhen && (
        <p>
          {t('guide.materials.neededWhen')}
          <L text={neededWhen} />
        </p>
      )}
      {necessity === 'deferrable' && deferDays !== undefined && <p>{t('guide.materials.deferDays', { count: deferDays })}</p>}
      {commitmentText && (
        <p>
          {t('guide.materials.commitmentText')}
          <L text={commitmentText} />
        </p>
      )}
    </div>
  );
}
