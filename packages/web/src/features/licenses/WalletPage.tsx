/**
 * 证照夹 (/me/licenses): the signed-in person's e-licences as cards (one column on a phone): name, number, issuer,
 * issue and expiry dates, status (revoked and suspended marked, with the reason), the holder's name and masked ID
 * number from the credential; a link to who checked them.
 */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState, Loading } from '../../shared/Feedback.tsx';
import { useFormat } from '../../shared/format.ts';
import { L } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { getMyLicense, listMyLicenses } from './licenses.api.ts';
import { decodeCredential, maskId, type DecodedCredential } from './credential.ts';
import { LicenseName, StatusTags, asText, isExpired } from './LicenseParts.tsx';
import { useLicenseT } from './licenses.i18n.ts';
import type { LicenseSummary } from './licenses.types.ts';
import './licenses.css';

/** The wallet, each licence with its decoded credential when it could be read (for the issuer's name and the holder). */
async function loadWallet(signal: AbortSignal): Promise<{ l: LicenseSummary; decoded: DecodedCredential | null }[]> {
  const { items } = await listMyLicenses(signal);
  const details = await Promise.allSettled(items.map((l) => getMyLicense(l.id, signal)));
  return items.map((l, i) => {
    const d = details[i];
    return { l, decoded: d?.status === 'fulfilled' ? decodeCredential(d.value.credential) : null };
  });
}

export function WalletPage() {
  const { t } = useTranslation();
  const lt = useLicenseT();
  usePageTitle(lt('licenses.title'));
  const wallet = useAsync(loadWallet, []);
  const data = wallet.data;

  return (
    <div className="tb-page tb-wallet" data-testid="wallet">
      <h1>{lt('licenses.title')}</h1>
      <p className="tb-lead">{lt('licenses.intro')}</p>
      <p>
        <Link to="/me/licenses/checks" data-testid="wallet-checks-link">{lt('licenses.checksLink')}</Link>
      </p>
      <section aria-labelledby="wallet-heading">
        <h2 id="wallet-heading" className="tb-visually-hidden">{lt('licenses.caption')}</h2>
        <p className="tb-result-count" role="status">{data ? lt('licenses.count', { count: data.length }) : ''}</p>
        {wallet.status === 'error' && <GuardedError error={wallet.error} onRetry={wallet.reload} />}
        {wallet.status === 'loading' && !data && <Loading />}
        {data && (
          <div data-testid="wallet-list">
            {data.length === 0 ? (
              <EmptyState testId="wallet-empty" title={lt('licenses.empty.title')} hint={lt('licenses.empty.hint')}>
                <p className="tb-actions">
                  <Link className="tb-button-link tb-button-link--primary" to="/">{t('common.backToCatalog')}</Link>
                </p>
              </EmptyState>
            ) : (
              <ul className="tb-result-list tb-wallet-list" aria-busy={wallet.status === 'loading'}>
                {data.map(({ l, decoded }) => (
                  <WalletCard key={l.id} l={l} decoded={decoded} />
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </div>
  );
}

function WalletCard({ l, decoded }: { l: LicenseSummary; decoded: DecodedCredential | null }) {
  const lt = useLicenseT();
  const f = useFormat();
  const expired = isExpired(l);
  const href = `/me/licenses/${encodeURIComponent(l.id)}`;
  const issuerName = asText(decoded?.plain['issuerName']);
  const holder = decoded?.claims.find((c) => c.name === 'name')?.value;
  const citizenId = decoded?.claims.find((c) => c.name === 'citizenId')?.value;
  const unusable = l.status !== 'valid' || expired;
  return (
    <li
      className={`tb-result tb-license-card${unusable ? ' tb-license-card--unusable' : ''}`}
      data-testid="wallet-row"
      data-license-id={l.id}
      data-license-type={l.licenseType}
    >
      <h3 className="tb-result-title">
        <Link to={href}>
          <LicenseName type={l.licenseType} decoded={decoded} />
        </Link>
      </h3>
      <p className="tb-case-line">
        <StatusTags status={l.status} expired={expired} />
      </p>
      {l.status !== 'valid' && l.statusReason && (
        <p className="tb-license-reason" data-testid="license-status-reason">{lt('licenses.statusReason', { reason: l.statusReason })}</p>
      )}
      <dl className="tb-meta">
        {typeof holder === 'string' && (
          <div>
            <dt>{lt('licenses.holder')}</dt>
            <dd data-testid="wallet-holder">
              {holder}
              {typeof citizenId === 'string' && <span className="tb-mono"> {maskId(citizenId)}</span>}
            </dd>
          </div>
        )}
        <div>
          <dt>{lt('licenses.number')}</dt>
          <dd className="tb-mono tb-license-number" data-testid="wallet-number">{l.id}</dd>
        </div>
        <div>
          <dt>{lt('licenses.issuer')}</dt>
          <dd>{issuerName ? <L text={issuerName} /> : l.issuerOrg}</dd>
        </div>
        <div>
          <dt>{lt('licenses.issuedOn')}</dt>
          <dd><time dateTime={l.issuedOn}>{f.day(l.issuedOn)}</time></dd>
        </div>
        <div>
          <dt>{lt('licenses.expiresOn')}</dt>
          <dd>{l.expiresOn ? <time dateTime={l.expiresOn}>{f.day(l.expiresOn)}</time> : lt('licenses.longTerm')}</dd>
        </div>
      </dl>
      <p className="tb-application-action">
        <Link to={href} className="tb-button-link">
          {lt('licenses.view')}
          <span className="tb-visually-hidden">
            {' '}
            <LicenseName type={l.licenseType} decoded={decoded} />
          </span>
        </Link>
      </p>
    </li>
  );
}
