/** 管理 (/admin): the administrator's landing — audit chain verification and the catalog export. */
import { useTranslation } from 'react-i18next';
import { AuditVerify } from '../../features/audit/AuditVerify.tsx';
import { CatalogExport } from '../../features/catalog/CatalogExport.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';

export function AdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.title'));
  return (
    <div className="tb-page tb-admin" data-testid="admin">
      <h1>{t('admin.title')}</h1>
      <p className="tb-lead">{t('admin.intro')}</p>
      <AuditVerify />
      <CatalogExport />
    </div>
  );
}
