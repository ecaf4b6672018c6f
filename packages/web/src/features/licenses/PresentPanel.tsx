/**
 * 亮证: the holder picks a purpose (hotel, internet café, window, traffic) or the fields to show; the server makes a
 * 5-minute presentation bound to a nonce and an audience; this shows it as a QR code of the verifier link, the link
 * itself, what is shown and not shown, and a countdown. Once it expires the QR code is replaced by "make a new one".
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button } from 'antd';
import { CopyOutlined, QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import QRCode from 'qrcode';
import { ApiError } from '../../shared/http.ts';
import { FailureAlert, useErrorMessage } from '../../shared/Feedback.tsx';
import { useFormat } from '../../shared/format.ts';
import { presentLicense } from './licenses.api.ts';
import type { DecodedCredential } from './credential.ts';
import { isExpired } from './LicenseParts.tsx';
import { useClaimLabel, useLicenseT } from './licenses.i18n.ts';
import { PURPOSES, type LicenseDetail, type Presentation, type PresentationPurpose, type PresentationRequest } from './licenses.types.ts';

type Mode = 'purpose' | 'fields';

export function PresentPanel({ l, decoded }: { l: LicenseDetail; decoded: DecodedCredential | null }) {
  const lt = useLicenseT();
  const claimLabel = useClaimLabel();
  const id = useId();
  const available = decoded?.claims.map((c) => c.name) ?? [];
  const [mode, setMode] = useState<Mode>('purpose');
  const [purpose, setPurpose] = useState<PresentationPurpose>('hotel');
  const [fields, setFields] = useState<string[]>([]);
  const [fieldsError, setFieldsError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [shown, setShown] = useState<Presentation | null>(null);
  const [announce, setAnnounce] = useState('');
  const resultRef = useRef<HTMLDivElement>(null);
  const lastBody = useRef<PresentationRequest | null>(null);
  const unusable = l.status !== 'valid' ? lt(`licenses.status.${l.status}`) : isExpired(l) ? lt('licenses.status.expired') : null;

  /** Makes a presentation and shows it (the last one asked for is kept for "make a new one"). */
  const make = async (body: PresentationRequest) => {
    setBusy(true);
    setError(null);
    try {
      const p = await presentLicense(l.id, body);
      lastBody.current = body;
      setShown(p);
      setAnnounce(lt('licenses.present.made', { minutes: minutesLeft(p.expiresAt) }));
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'fields' && fields.length === 0) {
      setFieldsError(true);
      return;
    }
    setFieldsError(false);
    // the fields in the licence's own order
    void make(mode === 'purpose' ? { purpose } : { fields: available.filter((f) => fields.includes(f)) });
  };

  const toggleField = (name: string, on: boolean) => {
    setFields((prev) => (on ? [...prev.filter((f) => f !== name), name] : prev.filter((f) => f !== name)));
    if (on) setFieldsError(false);
  };

  return (
    <div className="tb-present">
      <p>{lt('licenses.present.intro')}</p>
      {unusable && (
        <p className="tb-note" data-testid="present-warning">{lt('licenses.present.notAllowed', { status: unusable })}</p>
      )}
      <form onSubmit={submit} noValidate data-testid="present-form">
        <fieldset className="tb-fieldset">
          <legend className="tb-label">{lt('licenses.present.mode')}</legend>
          <div className="tb-choice-row">
            {(['purpose', 'fields'] as const).map((m) => (
              <label key={m} className="tb-choice tb-choice--inline">
                <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`present-mode-${m}`} />
                <span>{m === 'purpose' ? lt('licenses.present.byPurpose') : lt('licenses.present.byFields')}</span>
              </label>
            ))}
          </div>
        </fieldset>

        {mode === 'purpose' ? (
          <fieldset className="tb-fieldset">
            <legend className="tb-label">{lt('licenses.present.purposeLegend')}</legend>
            <div className="tb-choice-list">
              {PURPOSES.map((p) => (
                <label key={p} className="tb-choice">
                  <input
                    type="radio"
                    name={`${id}-purpose`}
                    value={p}
                    checked={purpose === p}
                    onChange={() => setPurpose(p)}
                    aria-describedby={`${id}-hint-${p}`}
                    data-testid={`present-purpose-${p}`}
                  />
                  <span>
                    <span className="tb-block tb-choice-title">{lt(`licenses.present.purpose.${p}`)}</span>
                    <span className="tb-block tb-muted" id={`${id}-hint-${p}`}>{lt(`licenses.present.purposeHint.${p}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          <fieldset className="tb-fieldset" aria-describedby={`${id}-fields-hint${fieldsError ? ` ${id}-fields-error` : ''}`} data-testid="present-field-choice">
            <legend className="tb-label">{lt('licenses.present.fieldsLegend')}</legend>
            <p className="tb-hint" id={`${id}-fields-hint`}>{lt('licenses.present.fieldsHint')}</p>
            <div className="tb-choice-list tb-choice-list--grid">
              {available.map((name) => (
                <label key={name} className="tb-choice">
                  <input
                    type="checkbox"
                    value={name}
                    checked={fields.includes(name)}
                    onChange={(e) => toggleField(name, e.target.checked)}
                    data-testid={`present-field-${name}`}
                  />
                  <span>{claimLabel(name)}</span>
                </label>
              ))}
            </div>
            {fieldsError && <p className="tb-field-error" id={`${id}-fields-error`} role="alert" data-testid="present-fields-error">{lt('licenses.present.pickOne')}</p>}
          </fieldset>
        )}

        <Button type="primary" htmlType="submit" loading={busy} icon={<QrcodeOutlined aria-hidden="true" />} data-testid="present-submit">
          {shown ? lt('licenses.present.again') : lt('licenses.present.submit')}
        </Button>
      </form>
      {error && <PresentError error={error} />}
      <p className="tb-visually-hidden" role="status">{announce}</p>
      {shown && (
        <div ref={resultRef} tabIndex={-1} className="tb-present-result" data-testid="present-result">
          <PresentationView
            key={shown.nonce}
            p={shown}
            available={available}
            busy={busy}
            onRenew={() => void make(lastBody.current ?? { purpose })}
          />
        </div>
      )}
    </div>
  );
}

function PresentError({ error }: { error: ApiError }) {
  const lt = useLicenseT();
  const message = useErrorMessage(error);
  return <FailureAlert className="tb-present-error" testId="present-error" title={lt('licenses.present.failed')} message={message} details={(error.problem?.errors ?? []).map((e) => e.message.zh)} />;
}

const minutesLeft = (iso: string): number => Math.max(1, Math.round((new Date(iso).getTime() - Date.now()) / 60_000));

/** `m:ss` */
const clock = (ms: number): string => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** The QR code, link, shown fields and countdown of one presentation; "expired — make a new one" once it is. */
function PresentationView({ p, available, busy, onRenew }: { p: Presentation; available: string[]; busy: boolean; onRenew: () => void }) {
  const lt = useLicenseT();
  const claimLabel = useClaimLabel();
  const f = useFormat();
  const expiresAt = new Date(p.expiresAt).getTime();
  const [now, setNow] = useState(() => Date.now());
  const [qr, setQr] = useState<{ url: string } | { tooLong: true } | null>(null);
  const [copied, setCopied] = useState('');
  const expired = now >= expiresAt;
  const notShown = available.filter((n) => !p.disclosed.includes(n));

  useEffect(() => {
    if (expired) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expired]);

  useEffect(() => {
    let live = true;
    QRCode.toDataURL(p.verifyUrl, { errorCorrectionLevel: 'L', margin: 2, width: 560 }).then(
      (url) => live && setQr({ url }),
      () => live && setQr({ tooLong: true }),
    );
    return () => {
      live = false;
    };
  }, [p.verifyUrl]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(p.verifyUrl);
      setCopied(lt('licenses.present.copied'));
    } catch {
      setCopied(lt('licenses.present.copyFailed'));
    }
  };

  return (
    <div className={`tb-presentation${expired ? ' tb-presentation--expired' : ''}`} data-testid="presentation" data-expired={expired ? 'true' : 'false'}>
      <p className="tb-present-purpose">
        {p.purpose ? lt('licenses.present.purposeLine', { purpose: lt(`licenses.present.purpose.${p.purpose}`) }) : lt('licenses.present.custom')}
      </p>
      {expired ? (
        <div className="tb-present-expired" data-testid="present-expired">
          <p className="tb-present-expired-title">{lt('licenses.present.expiredTitle')}</p>
          <p>{lt('licenses.present.expired')}</p>
          <Button type="primary" icon={<ReloadOutlined aria-hidden="true" />} loading={busy} onClick={onRenew} data-testid="present-renew">
            {lt('licenses.present.again')}
          </Button>
        </div>
      ) : (
        <>
          <p className="tb-present-countdown" role="timer" aria-label={lt('licenses.present.countdownLabel')} data-testid="present-countdown" data-expires-at={p.expiresAt}>
            {lt('licenses.present.countdown', { time: clock(expiresAt - now) })}
            <span className="tb-muted"> ({f.dateTime(p.expiresAt)})</span>
          </p>
          <div className="tb-present-qr">
            {qr && 'url' in qr && (
              <img src={qr.url} alt={lt('licenses.present.qrLabel', { minutes: minutesLeft(p.expiresAt) })} data-testid="present-qr" data-value={p.verifyUrl} width={280} height={280} />
            )}
            {qr && 'tooLong' in qr && <p className="tb-note" data-testid="present-qr-too-long">{lt('licenses.present.qrTooLong')}</p>}
          </div>
          <p className="tb-hint">{lt('licenses.present.linkHint')}</p>
          <p className="tb-present-link-line">
            <a href={p.verifyUrl} target="_blank" rel="noopener noreferrer" data-testid="present-link">{lt('licenses.present.link')}</a>
            <Button size="small" icon={<CopyOutlined aria-hidden="true" />} onClick={() => void copy()} data-testid="present-copy">
              {lt('licenses.present.copy')}
            </Button>
          </p>
          <p className="tb-visually-hidden" role="status">{copied}</p>
        </>
      )}
      <p className="tb-visually-hidden" role="status">{expired ? lt('licenses.present.expired') : ''}</p>
      <dl className="tb-facts tb-present-fields">
        <div className="tb-fact">
          <dt>{lt('licenses.present.shown')}</dt>
          <dd data-testid="present-fields" data-fields={p.disclosed.join(',')}>
            {p.disclosed.length ? f.list(p.disclosed.map(claimLabel)) : lt('licenses.verify.noneDisclosed')}
          </dd>
        </div>
        {notShown.length > 0 && (
          <div className="tb-fact">
            <dt>{lt('licenses.present.notShown')}</dt>
            <dd data-testid="present-not-shown">{f.list(notShown.map(claimLabel))}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
