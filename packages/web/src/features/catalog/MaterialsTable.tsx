/** The materials of a guide (申请材料) as a table that stacks into cards on narrow screens and prints in full. */
import { useTranslation } from 'react-i18next';
import type { ItemMaterial } from './catalog.types.ts';
import { MaterialSource, Necessity } from './MaterialSource.tsx';
import { L } from '../../shared/text.tsx';
import type { LocalText } from '@tongban/core/text';

export function MaterialsTable({ materials }: { materials: ItemMaterial[] }) {
  const { t } = useTranslation();
  if (materials.length === 0) return <p>{t('guide.materials.empty')}</p>;
  const exempt = materials.filter((m) => m.source.type !== 'upload').length;
  const col = {
    name: t('guide.materials.name'),
    kindForm: t('guide.materials.kindForm'),
    source: t('guide.materials.source'),
    necessity: t('guide.materials.necessity'),
    requirements: t('guide.materials.requirements'),
  };
  return (
    <>
      <p>{t('guide.materials.count', { count: materials.length, exempt })}</p>
      <table className="tb-table tb-table--stack tb-table--materials" data-testid="guide-materials">
        <caption className="tb-visually-hidden">{t('guide.section.materials')}</caption>
        <thead>
          <tr>
            <th scope="col">{col.name}</th>
            <th scope="col">{col.kindForm}</th>
            <th scope="col">{col.source}</th>
            <th scope="col">{col.necessity}</th>
            <th scope="col">{col.requirements}</th>
          </tr>
        </thead>
        <tbody>
          {materials.map((m, i) => (
            <tr key={m.id} data-material={m.id} className={m.source.type !== 'upload' ? 'tb-row-exempt' : undefined}>
              <th scope="row" data-label={col.name}>
                <MaterialName index={i} name={m.name} description={m.description} />
              </th>
              <td data-label={col.kindForm}>
                <KindForm m={m} />
              </td>
              <td data-label={col.source}>
                <MaterialSource source={m.source} />
                <span className="tb-block">
                  {t('guide.materials.sourceChannel')}
                  {t(`enums.sourceChannel.${m.sourceChannel}`)}
                </span>
                {m.issuer && (
                  <span className="tb-block">
                    {t('guide.materials.issuer')}
                    <L text={m.issuer} />
                  </span>
                )}
              </td>
              <td data-label={col.necessity}>
                <Necessity material={m} />
              </td>
              <td data-label={col.requirements}>
                <Requirements m={m} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A material's number, name and description, as the first cell of a materials table row (guides and bundles). */
export function MaterialName({ index, name, description }: { index: number; name: LocalText; description?: LocalText | undefined }) {
  return (
    <>
      <span className="tb-material-name">
        {index + 1}. <L text={name} />
      </span>
      {description && (
        <span className="tb-material-desc">
          <L text={description} />
        </span>
      )}
    </>
  );
}

function KindForm({ m }: { m: ItemMaterial }) {
  const { t } = useTranslation();
  return (
    <ul className="tb-plain">
      <li>
        {t('guide.materials.kind')}
        {t(`enums.materialKind.${m.kind}`)}
      </li>
      <li>
        {t('guide.materials.form')}
        {t(`enums.materialForm.${m.form}`)}
      </li>
      <li>
        {t('guide.materials.originalCopies', { count: m.originalCopies })}
        {t('common.listSeparator')}
        {t('guide.materials.copyCopies', { count: m.copyCopies })}
      </li>
      {m.paperSize && (
        <li>
          {t('guide.materials.paperSize')}
          {m.paperSize}
        </li>
      )}
    </ul>
  );
}

function Requirements({ m }: { m: ItemMaterial }) {
  const { t } = useTranslation();
  return (
    <ul className="tb-plain">
      <li>
        {t('guide.materials.formats')}
        {m.formats.map((f) => f.toUpperCase()).join(' / ')}
      </li>
      <li>{t('guide.materials.maxSize', { value: m.maxSizeMB })}</li>
      {m.blankForm && (
        <li>
          {t('guide.materials.blankForm')}
          <a href={m.blankForm.url}>{m.blankForm.name}</a>
        </li>
      )}
      {m.sample && (
        <li>
          {t('guide.materials.sample')}
          <a href={m.sample.url}>{m.sample.name}</a>
        </li>
      )}
      {m.fillNotes && (
        <li>
          {t('guide.materials.fillNotes')}
          <L text={m.fillNotes} />
        </li>
      )}
      {m.acceptanceCriteria && (
        <li>
          {t('guide.materials.acceptanceCriteria')}
          <L text={m.acceptanceCriteria} />
        </li>
      )}
      {m.legalBasis && (
        <li>
          {t('guide.materials.legalBasis')}
          <L text={{ zh: m.legalBasis }} />
        </li>
      )}
    </ul>
  );
}
