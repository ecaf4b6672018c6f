/**
 * One of my licences (/me/licenses/:id): name, number, issuer, dates and status (with why it cannot be used), the
 * face of the licence decoded from the credential's disclosures, the download of the credential as a `.sdjwt`
 * file, and presenting it (亮证, PresentPanel).
 */
import { useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Loading, NotFound } from '../../shared/Feedback.tsx';
import { useFormat } from '../../shared/format.ts';
import { Facts, Section } from '../../shared/Section.tsx';
import { L, licenseTypeText, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { getMyLicense } from './licenses.api.ts';
import { decodeCredential } from './credential.ts';
import { LicenseFace, StatusNote, StatusTags, asText, isExpired } from './LicenseParts.tsx';
import { PresentPanel } from './PresentPanel.tsx';
import { useLicenseT } from './licenses.i18n.ts';
import type { LicenseDetail } from './licenses.types.ts';
import './licenses.css';

export function LicensePage() {
  const { id = '' } = useParams();
  const lt = useLicenseT();
  const loaded = useAsync((signal) => getMyLicense(id, signal), [id]);
  if (loaded.status === 'error' && (loaded.error.status === 404 || loaded.error.status === 400)) {
    return (
      <NotFound testId="license-not-found" title={lt('licenses.notFound.title')} detail={lt('licenses.notFound.detail')}>
        <Link className="tb-button-link tb-button-link--primary" to="/me/licenses">{lt('licenses.back')}</Link>
      </NotFound>
    );
  }
  if (!loaded.data) {
    return loaded.status === 'error' ? (
      <div className="tb-page">
        <GuardedError error={loaded.error} onRetry={loaded.reload} />
      </div>
    ) : (
      <Loading />
    );
  }
  return <LicenseDetailView l={loaded.data} />;
}

/** Saves the credential as `<licence id>.sdjwt` (plain text). */
function download(l: LicenseDetail): string {
  const file = `${l.id}.sdjwt`;
  const url = URL.createObjectURL(new Blob([l.credential], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return file;
}

function LicenseDetailView({ l }: { l: LicenseDetail }) {
  const lt = useLicenseT();
  const lang = useTextLang();
  const f = useFormat();
  const statusId = useId();
  const [announce, setAnnounce] = useState('');
  const decoded = useMemo(() => decodeCredential(l.credential), [l.credential]);
  const name = asText(decoded?.plain['licenseName']) ?? licenseTypeText(l.licenseType);
  const issuerName = asText(decoded?.plain['issuerName']);
  const expired = isExpired(l);
  usePageTitle(`${pick(name, lang)} - ${lt('licenses.title')}`);

  return (
    <article className="tb-page tb-license" data-testid="license" data-license-id={l.id} data-status={l.status}>
      <p className="tb-back">
        <Link to="/me/licenses">
          <ArrowLeftOutlined aria-hidden="true" /> {lt('licenses.back')}
        </Link>
      </p>
      <header className="tb-case-header">
        <p className="tb-eyebrow">{lt('licenses.eyebrow')}</p>
        <h1>
          <L text={name} />
        </h1>
        <p className="tb-case-line">
          <StatusTags status={l.status} expired={expired} />
        </p>
        <StatusNote l={l} />
        <Facts
          facts={[
            { key: 'no', label: lt('licenses.number'), value: <span className="tb-mono tb-license-number" data-testid="license-number">{l.id}</span> },
            { key: 'issuer', label: lt('licenses.issuer'), value: issuerName ? <L text={issuerName} /> : l.issuerOrg },
            { key: 'issued', label: lt('licenses.issuedOn'), value: <time dateTime={l.issuedOn}>{f.day(l.issuedOn)}</time> },
            { key: 'expires', label: lt('licenses.expiresOn'), value: l.expiresOn ? <time dateTime={l.expiresOn}>{f.day(l.expiresOn)}</time> : lt('licenses.longTerm') },
            l.caseId ? { key: 'case', label: lt('licenses.case'), value: <Link to={`/me/cases/${encodeURIComponent(l.caseId)}`}>{lt('licenses.caseLink')}</Link> } : null,
          ]}
        />
      </header>

      <Section id="face" title={lt('licenses.face.title')}>
        <p className="tb-hint">{lt('licenses.face.intro')}</p>
        {decoded ? <LicenseFace decoded={decoded} /> : <p className="tb-muted" data-testid="license-face">{lt('licenses.face.unreadable')}</p>}
      </Section>

      <Section id="present" title={lt('licenses.present.title')} testId="license-present">
        <PresentPanel l={l} decoded={decoded} />
      </Section>

      <Section id="download" title={lt('licenses.download.title')}>
        <p>{lt('licenses.download.intro')}</p>
        <p>
          <Button
            icon={<DownloadOutlined aria-hidden="true" />}
            data-testid="license-download"
            onClick={() => setAnnounce(lt('licenses.download.done', { file: download(l) }))}
          >
            {lt('licenses.download.button')}
          </Button>
        </p>
        <p>{lt('licenses.download.pdfIntro')}</p>
        <p>
          <Button icon={<FilePdfOutlined aria-hidden="true" />} href={`/api/v1/licenses/${encodeURIComponent(l.id)}/pdf`} target="_blank" data-testid="license-pdf">
            {lt('licenses.download.pdf')}
          </Button>
        </p>
        <p id={statusId} className="tb-visually-hidden" role="status">{announce}</p>
      </Section>
    </article>
  );
}
