/**
 * 谁查验了我的证照 (/me/licenses/checks): every check of the signed-in person's licences made through the platform,
 * newest first — which licence, who checked it, for what purpose, what they saw and the result.
 */
import { Link } from 'react-router-dom';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { EmptyState, Loading } from '../../shared/Feedback.tsx';
import { useFormat } from '../../shared/format.ts';
import { licenseTypeText, L } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { listMyChecks, listMyLicenses } from './licenses.api.ts';
import { useClaimLabel, useLicenseT, type LicenseT } from './licenses.i18n.ts';
import { PURPOSES, type LicenseCheck, type LicenseSummary, type PresentationPurpose, type VerifyReason } from './licenses.types.ts';
import './licenses.css';

const REASONS = new Set<string>([
  'bad_format', 'unknown_issuer', 'bad_signature', 'tampered_disclosure', 'expired', 'not_yet_valid', 'revoked', 'suspended',
  'bad_key_binding', 'replayed_or_expired_presentation', 'wrong_audience', 'status_unavailable',
] satisfies VerifyReason[]);

async function loadChecks(signal: AbortSignal): Promise<{ checks: LicenseCheck[]; licenses: Map<string, LicenseSummary> }> {
  const [checks, wallet] = await Promise.all([listMyChecks(signal), listMyLicenses(signal)]);
  return { checks: checks.items, licenses: new Map(wallet.items.map((l) => [l.id, l])) };
}

/** Who checked: `anonymous:<ip>`, `officer:<id>`, `citizen:<id>`, or the recorded text as it is. */
function verifierText(verifier: string, lt: LicenseT): string {
  const at = verifier.indexOf(':');
  const kind = at > 0 ? verifier.slice(0, at) : '';
  const rest = at > 0 ? verifier.slice(at + 1) : verifier;
  if (kind === 'anonymous') return lt('licenses.checks.anonymous', { ip: rest });
  if (kind === 'officer') return lt('licenses.checks.officer', { id: rest });
  if (kind === 'citizen') return lt('licenses.checks.citizen', { id: rest });
  return lt('licenses.checks.other', { who: verifier });
}

const isPurpose = (p: string | null): p is PresentationPurpose => !!p && (PURPOSES as readonly string[]).includes(p);

export function ChecksPage() {
  const lt = useLicenseT();
  usePageTitle(lt('licenses.checks.title'));
  const loaded = useAsync(loadChecks, []);
  const data = loaded.data;
  return (
    <div className="tb-page tb-license-checks" data-testid="license-checks">
      <p className="tb-back">
        <Link to="/me/licenses">
          <ArrowLeftOutlined aria-hidden="true" /> {lt('licenses.back')}
        </Link>
      </p>
      <h1>{lt('licenses.checks.title')}</h1>
      <p className="tb-lead">{lt('licenses.checks.intro')}</p>
      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading" className="tb-visually-hidden">{lt('licenses.checks.caption')}</h2>
        <p className="tb-result-count" role="status">{data ? lt('licenses.checks.count', { count: data.checks.length }) : ''}</p>
        {loaded.status === 'error' && <GuardedError error={loaded.error} onRetry={loaded.reload} />}
        {loaded.status === 'loading' && !data && <Loading />}
        {data && (
          <div data-testid="checks-list">
            {data.checks.length === 0 ? (
              <EmptyState testId="checks-empty" title={lt('licenses.checks.empty.title')} hint={lt('licenses.checks.empty.hint')} />
            ) : (
              <ul className="tb-result-list">
                {data.checks.map((c, i) => (
                  <CheckRow key={`${c.at}-${i}`} c={c} license={c.licenseId ? data.licenses.get(c.licenseId) : undefined} />
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </div>
  );
}

function CheckRow({ c, license }: { c: LicenseCheck; license: LicenseSummary | undefined }) {
  const lt = useLicenseT();
  const claimLabel = useClaimLabel();
  const f = useFormat();
  const valid = c.result === 'valid';
  const resultText = valid ? lt('licenses.checks.valid') : lt('licenses.checks.invalid', { reason: REASONS.has(c.result) ? lt(`licenses.reason.${c.result as VerifyReason}`) : c.result });
  return (
    <li className="tb-result tb-check" data-testid="check-row" data-license-id={c.licenseId ?? ''} data-result={c.result} data-purpose={c.purpose ?? ''}>
      <h3 className="tb-result-title">
        {license ? (
          <Link to={`/me/licenses/${encodeURIComponent(license.id)}`}>
            <L text={licenseTypeText(license.licenseType)} />
          </Link>
        ) : (
          lt('licenses.checks.unknownLicense', { id: c.licenseId ?? '—' })
        )}
      </h3>
      <p className="tb-case-line">
        <span className={`tb-tag tb-check-result tb-check-result--${valid ? 'valid' : 'invalid'}`}>{resultText}</span>
      </p>
      <dl className="tb-meta">
        <div>
          <dt>{lt('licenses.checks.at')}</dt>
          <dd><time dateTime={c.at}>{f.dateTime(c.at)}</time></dd>
        </div>
        <div>
          <dt>{lt('licenses.checks.verifier')}</dt>
          <dd data-testid="check-verifier">{verifierText(c.verifier, lt)}</dd>
        </div>
        <div>
          <dt>{lt('licenses.checks.purpose')}</dt>
          <dd>{isPurpose(c.purpose) ? lt(`licenses.present.purpose.${c.purpose}`) : c.purpose || lt('licenses.checks.purposeNone')}</dd>
        </div>
        <div>
          <dt>{lt('licenses.checks.saw')}</dt>
          <dd data-testid="check-disclosed" data-fields={c.disclosed.join(',')}>
            {c.disclosed.length ? f.list(c.disclosed.map(claimLabel)) : lt('licenses.checks.sawNothing')}
          </dd>
        </div>
      </dl>
    </li>
  );
}
