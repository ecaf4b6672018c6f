/** 导出事项目录: downloads the published catalog as a YAML file. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ErrorState } from '../../shared/Feedback.tsx';
import { ApiError } from '../../shared/http.ts';
import { Section } from '../../shared/Section.tsx';
import { exportCatalog } from './catalog.api.ts';

/** Hands a text to the browser as a file download. */
function download(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CatalogExport() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const yaml = await exportCatalog();
      const file = `tongban-catalog-${new Date().toISOString().slice(0, 10)}.yaml`;
      download(yaml, file, 'application/yaml;charset=utf-8');
      setDone(t('admin.export.done', { file }));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="export" title={t('admin.export.title')}>
      <p>{t('admin.export.intro')}</p>
      <Button icon={<DownloadOutlined aria-hidden="true" />} loading={busy} onClick={() => void run()} data-testid="catalog-export">
        {t('admin.export.button')}
      </Button>
      <p role="status" className="tb-status" data-testid="catalog-export-status">{done}</p>
      {error && <ErrorState error={error} onRetry={() => void run()} />}
    </Section>
  );
}
