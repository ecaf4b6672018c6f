/** Small parts shared by the e-licence pages: the status tag, a claim's value, the face of a licence. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import type { LocalText } from '@tongban/core/text';
import { useFormat } from '../../shared/format.ts';
import { L, licenseTypeText } from '../../shared/text.tsx';
import { MASKED_CLAIMS, maskId, type DecodedCredential } from './credential.ts';
import { useClaimLabel, useLicenseT } from './licenses.i18n.ts';
import type { LicenseStatus, LicenseSummary } from './licenses.types.ts';

/** Today in the bureau's time zone, `YYYY-MM-DD`. */
export const todayInShanghai = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** True when a licence's validity has run out (a long-term one never does). */
export const isExpired = (l: Pick<LicenseSummary, 'expiresOn'>): boolean => !!l.expiresOn && l.expiresOn < todayInShanghai();

const isLocalText = (v: unknown): v is LocalText => typeof v === 'object' && v !== null && typeof (v as { zh?: unknown }).zh === 'string';

/** A plain claim holding a text in both languages (or one string), as a LocalText. */
export const asText = (v: unknown): LocalText | undefined => (isLocalText(v) ? v : typeof v === 'string' && v ? { zh: v } : undefined);

/** The licence's name: from the credential's `licenseName` when known, else from its type code. */
export function LicenseName({ type, decoded }: { type: string; decoded?: DecodedCredential | null }) {
  return <L text={asText(decoded?.plain['licenseName']) ?? licenseTypeText(type)} />;
}

/** The status tag (有效 / 已暂扣 / 已撤销) with `data-status`, plus 已过期 for a valid licence past its validity. */
export function StatusTags({ status, expired }: { status: LicenseStatus; expired: boolean }) {
  const lt = useLicenseT();
  return (
    <span className="tb-license-tags">
      <span className={`tb-tag tb-license-status tb-license-status--${status}`} data-testid="license-status" data-status={status}>
        {lt(`licenses.status.${status}`)}
      </span>
      {expired && status === 'valid' && (
        <span className="tb-tag tb-license-status tb-license-status--expired" data-testid="license-expired">
          {lt('licenses.status.expired')}
        </span>
      )}
    </span>
  );
}

/** Why the licence cannot be used (revoked, suspended, expired), with the officer's reason; null when it can. */
export function StatusNote({ l }: { l: LicenseSummary }) {
  const lt = useLicenseT();
  const expired = isExpired(l);
  if (l.status === 'valid' && !expired) return null;
  const note = l.status === 'valid' ? lt('licenses.statusNote.expired') : lt(`licenses.statusNote.${l.status}`);
  return (
    <div className={`tb-license-note tb-license-note--${l.status === 'valid' ? 'expired' : l.status}`} data-testid="license-status-note">
      <p>{note}</p>
      {l.statusReason && l.status !== 'valid' && <p data-testid="license-status-reason">{lt('licenses.statusReason', { reason: l.statusReason })}</p>}
    </div>
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SEX_CLAIMS = new Set(['sex', 'dogSex', 'deceasedSex']);

/** A claim's value as text: dates in the reader's language, sexes by name, texts in both languages picked, lists joined. */
export function ClaimValue({ name, value }: { name: string; value: unknown }) {
  const { t } = useTranslation();
  const f = useFormat();
  const render = (v: unknown): React.ReactNode => {
    if (v === null || v === undefined || v === '') return t('common.none');
    if (typeof v === 'string') {
      if (SEX_CLAIMS.has(name) && (v === 'male' || v === 'female')) return t(`enums.sex.${v}`);
      if (DATE.test(v)) return <time dateTime={v}>{f.day(v)}</time>;
      return v;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (isLocalText(v)) return <L text={v} />;
    if (Array.isArray(v)) return v.map((x, i) => <span key={i}>{i > 0 && t('common.listSeparator')}{render(x)}</span>);
    return JSON.stringify(v);
  };
  const isRef = name === 'photo' || name === 'dogPhoto' || name === 'sealImage';
  return <span className={isRef ? 'tb-mono tb-license-ref' : undefined}>{render(value)}</span>;
}

/**
 * The face of a licence (照面信息): its personal claims in disclosure (display) order. ID numbers are masked until
 * the holder asks to see them in full (the holder already holds the credential: nothing to audit).
 */
export function LicenseFace({ decoded, testId = 'license-face' }: { decoded: DecodedCredential; testId?: string }) {
  const lt = useLicenseT();
  const claimLabel = useClaimLabel();
  const statusId = useId();
  const [full, setFull] = useState(false);
  const [status, setStatus] = useState('');
  const anyMasked = decoded.claims.some((c) => MASKED_CLAIMS.has(c.name) && typeof c.value === 'string');
  return (
    <div className="tb-license-face" data-testid={testId}>
      <dl className="tb-facts">
        {decoded.claims.map((c) => {
          const masked = !full && MASKED_CLAIMS.has(c.name) && typeof c.value === 'string';
          return (
            <div className="tb-fact" key={c.name} data-testid={`license-claim-${c.name}`}>
              <dt>{claimLabel(c.name)}</dt>
              <dd>
                {masked ? (
                  <>
                    <span className="tb-mono">{maskId(c.value as string)}</span>{' '}
                    <span className="tb-tag tb-tag--masked">{lt('licenses.face.masked')}</span>
                  </>
                ) : (
                  <ClaimValue name={c.name} value={c.value} />
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {anyMasked && (
        <p className="tb-reveal">
          <Button
            icon={full ? <EyeInvisibleOutlined aria-hidden="true" /> : <EyeOutlined aria-hidden="true" />}
            onClick={() => {
              setFull(!full);
              setStatus(full ? lt('licenses.face.hidden') : lt('licenses.face.shown'));
            }}
            data-testid="license-reveal"
          >
            {full ? lt('licenses.face.hide') : lt('licenses.face.show')}
          </Button>
          <span id={statusId} className="tb-visually-hidden" role="status">{status}</span>
        </p>
      )}
    </div>
  );
}
