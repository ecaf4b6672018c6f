/**
 * 核验电子证照 (/verify, public): the presentation comes from the URL fragment of a scanned QR code
 * (`#p=<presentation>&n=<nonce>&a=<aud>`, checked at once), a pasted presentation or verifier link, or an uploaded
 * `.sdjwt`/text file. The result: for a valid one, only what the holder disclosed, the licence and its validity
 * (plain claims), the issuer and whether the status was checked; for an invalid one, the reason in words and its code.
 */
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { Button, Input } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/http.ts';
import { FailureAlert, useErrorMessage } from '../../shared/Feedback.tsx';
import { Field } from '../../shared/Field.tsx';
import { useFormat } from '../../shared/format.ts';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { verifyPresentation } from './licenses.api.ts';
import { QrScanner } from './QrScanner.tsx';
import { ClaimValue, asText } from './LicenseParts.tsx';
import { useClaimLabel, useLicenseT } from './licenses.i18n.ts';
import type { VerifyInvalid, VerifyReason, VerifyResult, VerifyValid } from './licenses.types.ts';
import './licenses.css';

/** What to verify: the presentation and, from a verifier link, its nonce and audience. */
interface VerifyInput {
  presentation: string;
  nonce: string;
  aud: string;
}

/** Reads `p`, `n` and `a` from a fragment (`#p=…&n=…&a=…`); null when there is no `p`. */
function fromFragment(hash: string): VerifyInput | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const presentation = params.get('p')?.trim();
  if (!presentation) return null;
  return { presentation, nonce: params.get('n') ?? '', aud: params.get('a') ?? '' };
}

/** A pasted or uploaded text: a verifier link (its fragment is read) or the presentation itself. */
function fromText(text: string): VerifyInput {
  const s = text.trim();
  const hashAt = s.indexOf('#');
  if (/^https?:\/\//i.test(s) && hashAt >= 0) {
    const read = fromFragment(s.slice(hashAt));
    if (read) return read;
  }
  return { presentation: s, nonce: '', aud: '' };
}

const REASONS: readonly VerifyReason[] = [
  'bad_format', 'unknown_issuer', 'bad_signature', 'tampered_disclosure', 'expired', 'not_yet_valid', 'revoked', 'suspended',
  'bad_key_binding', 'replayed_or_expired_presentation', 'wrong_audience', 'status_unavailable',
];

export function VerifyPage() {
  const lt = useLicenseT();
  const id = useId();
  const location = useLocation();
  usePageTitle(lt('licenses.verify.title'));
  const initial = useRef(fromFragment(location.hash));
  const [text, setText] = useState(initial.current?.presentation ?? '');
  const [nonce, setNonce] = useState(initial.current?.nonce ?? '');
  const [aud, setAud] = useState(initial.current?.aud ?? '');
  const [inputError, setInputError] = useState(false);
  const [note, setNote] = useState(initial.current ? lt('licenses.verify.fromLink') : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const check = async (input: VerifyInput) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await verifyPresentation({
        presentation: input.presentation,
        ...(input.nonce ? { nonce: input.nonce } : {}),
        ...(input.aud ? { aud: input.aud } : {}),
      });
      setResult(r);
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };

  // a scanned QR code opens this page with the presentation in the fragment: check it at once, once (the flag
  // survives StrictMode's second run of effects, so a presentation is not sent twice)
  const autoChecked = useRef(false);
  useEffect(() => {
    const first = initial.current;
    if (!first || autoChecked.current) return;
    autoChecked.current = true;
    void check(first);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setInputError(true);
      inputRef.current?.focus();
      return;
    }
    setInputError(false);
    const read = fromText(text);
    // a pasted link brings its own nonce and audience
    if (read.nonce || read.aud) {
      setText(read.presentation);
      setNonce(read.nonce);
      setAud(read.aud);
      void check(read);
    } else {
      void check({ presentation: read.presentation, nonce: nonce.trim(), aud: aud.trim() });
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      const read = fromText(await file.text());
      setText(read.presentation);
      setNonce(read.nonce);
      setAud(read.aud);
      setInputError(false);
      setNote(lt('licenses.verify.fileRead', { file: file.name }));
    } catch {
      setNote(lt('licenses.verify.fileFailed'));
    }
  };

  // a code read by the camera: a verifier link (with its nonce and audience) or a bare presentation, checked at once
  const onScan = (code: string) => {
    const read = fromText(code);
    setText(read.presentation);
    setNonce(read.nonce);
    setAud(read.aud);
    setInputError(false);
    setNote(lt('licenses.scan.read'));
    void check(read);
  };

  const again = () => {
    setResult(null);
    setText('');
    setNonce('');
    setAud('');
    setNote('');
    if (location.hash) window.history.replaceState(window.history.state, '', location.pathname);
    requestAnimationFrame(() => inputRef.current?.focus());
  };

  return (
    <div className="tb-page tb-verify" data-testid="verify">
      <h1>{lt('licenses.verify.title')}</h1>
      <p className="tb-lead">{lt('licenses.verify.intro')}</p>

      <p className="tb-visually-hidden" role="status">{result ? (result.valid ? lt('licenses.verify.validTitle') : lt('licenses.verify.invalidTitle')) : ''}</p>
      <div ref={resultRef} tabIndex={-1} className="tb-verify-result-wrap">
        {busy && <p className="tb-loading" role="status">{lt('licenses.verify.checking')}</p>}
        {result && <VerifyResultView r={result} />}
        {result && (
          <p className="tb-actions">
            <Button onClick={again} data-testid="verify-again">{lt('licenses.verify.again')}</Button>
          </p>
        )}
      </div>
      {error && <VerifyError error={error} />}

      <form className="tb-form tb-verify-form" onSubmit={submit} noValidate>
        <QrScanner onCode={onScan} />
        <Field
          id={`${id}-input`}
          label={lt('licenses.verify.input')}
          hint={lt('licenses.verify.inputHint')}
          error={inputError ? lt('licenses.verify.required') : undefined}
          errorTestId="verify-input-error"
          required
        >
          {(control) => (
            <Input.TextArea
              {...control}
              ref={(el) => {
                inputRef.current = el?.resizableTextArea?.textArea ?? null;
              }}
              className="tb-mono tb-verify-input"
              autoSize={{ minRows: 4, maxRows: 12 }}
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="verify-input"
            />
          )}
        </Field>
        <div className="tb-field">
          <label className="tb-label" htmlFor={`${id}-file`}>{lt('licenses.verify.file')}</label>
          <p className="tb-hint" id={`${id}-file-hint`}>{lt('licenses.verify.fileHint')}</p>
          <input
            id={`${id}-file`}
            type="file"
            accept=".sdjwt,.txt,text/plain"
            aria-describedby={`${id}-file-hint`}
            onChange={(e) => void onFile(e)}
            data-testid="verify-file"
          />
        </div>
        <p className="tb-hint" role="status" data-testid="verify-note">{note}</p>
        <details className="tb-details tb-verify-advanced">
          <summary>{lt('licenses.verify.advanced')}</summary>
          <Field id={`${id}-nonce`} label={lt('licenses.verify.nonce')}>
            {(control) => <Input {...control} className="tb-mono" value={nonce} onChange={(e) => setNonce(e.target.value)} data-testid="verify-nonce" autoComplete="off" />}
          </Field>
          <Field id={`${id}-aud`} label={lt('licenses.verify.aud')}>
            {(control) => <Input {...control} className="tb-mono" value={aud} onChange={(e) => setAud(e.target.value)} data-testid="verify-aud" autoComplete="off" />}
          </Field>
        </details>
        <Button type="primary" htmlType="submit" loading={busy} icon={<SafetyCertificateOutlined aria-hidden="true" />} data-testid="verify-submit">
          {lt('licenses.verify.submit')}
        </Button>
      </form>
    </div>
  );
}

function VerifyError({ error }: { error: ApiError }) {
  const lt = useLicenseT();
  const message = useErrorMessage(error);
  return <FailureAlert className="tb-verify-error" testId="verify-error" title={lt('licenses.verify.failed')} message={message} details={[]} />;
}

function VerifyResultView({ r }: { r: VerifyResult }) {
  return r.valid ? <ValidResult r={r} /> : <InvalidResult r={r} />;
}

function InvalidResult({ r }: { r: VerifyInvalid }) {
  const lt = useLicenseT();
  const lang = useTextLang();
  const known = REASONS.includes(r.reason);
  return (
    <section className="tb-verify-result tb-verify-result--invalid" data-testid="verify-result" data-valid="false" data-reason={r.reason} aria-labelledby="verify-result-heading">
      <h2 id="verify-result-heading">
        <CloseCircleFilled aria-hidden="true" /> {lt('licenses.verify.invalidTitle')}
        {known && <span className="tb-verify-reason-short">{lt('licenses.verify.reasonSep')}{lt(`licenses.reason.${r.reason}`)}</span>}
      </h2>
      <p className="tb-verify-message" data-testid="verify-message">{r.message ? pick(r.message, lang) : r.reason}</p>
      <p className="tb-muted">
        {lt('licenses.verify.reasonCode')}
        <code data-testid="verify-reason">{r.reason}</code>
      </p>
    </section>
  );
}

/** Plain (not personal) claims of the credential shown as the licence's particulars. */
function ValidResult({ r }: { r: VerifyValid }) {
  const lt = useLicenseT();
  const claimLabel = useClaimLabel();
  const f = useFormat();
  const name = asText(r.claims['licenseName']);
  const issuerName = asText(r.claims['issuerName']);
  const licenseId = typeof r.claims['licenseId'] === 'string' ? r.claims['licenseId'] : null;
  const issuedOn = typeof r.claims['issuedOn'] === 'string' ? r.claims['issuedOn'] : null;
  const expiresOn = typeof r.claims['expiresOn'] === 'string' ? r.claims['expiresOn'] : null;
  const day = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? f.day(v) : f.dateTime(v));
  // only the disclosed claims: the plain ones are shown as the licence's particulars below
  const disclosed = r.disclosed.filter((n) => n in r.claims);
  return (
    <section className="tb-verify-result tb-verify-result--valid" data-testid="verify-result" data-valid="true" aria-labelledby="verify-result-heading">
      <h2 id="verify-result-heading">
        <CheckCircleFilled aria-hidden="true" /> {lt('licenses.verify.validTitle')}
      </h2>
      <p className="tb-verify-message">{lt('licenses.verify.validLead')}</p>
      {r.printed && <p className="tb-note" data-testid="verify-printed">{lt('licenses.verify.printed', { at: f.dateTime(r.printed.at) })}</p>}

      <h3>{lt('licenses.verify.disclosed')}</h3>
      {disclosed.length === 0 ? (
        <p className="tb-muted">{lt('licenses.verify.noneDisclosed')}</p>
      ) : (
        <dl className="tb-facts tb-verify-claims" data-testid="verify-claims">
          {disclosed.map((n) => (
            <div className="tb-fact" key={n} data-testid={`verify-claim-${n}`}>
              <dt>{claimLabel(n)}</dt>
              <dd><ClaimValue name={n} value={r.claims[n]} /></dd>
            </div>
          ))}
        </dl>
      )}
      <p className="tb-hint">{lt('licenses.verify.notDisclosedNote')}</p>

      <h3>{lt('licenses.verify.license')}</h3>
      <dl className="tb-facts tb-verify-license">
        {name && (
          <div className="tb-fact" data-testid="verify-claim-licenseName">
            <dt>{lt('licenses.verify.licenseName')}</dt>
            <dd><L text={name} /></dd>
          </div>
        )}
        {licenseId && (
          <div className="tb-fact" data-testid="verify-claim-licenseId">
            <dt>{lt('licenses.number')}</dt>
            <dd className="tb-mono tb-license-number">{licenseId}</dd>
          </div>
        )}
        <div className="tb-fact" data-testid="verify-claim-issuerName">
          <dt>{lt('licenses.verify.issuer')}</dt>
          <dd>
            {issuerName && <span className="tb-block"><L text={issuerName} /></span>}
            <span className="tb-block tb-mono tb-muted" data-testid="verify-issuer">{r.issuer}</span>
          </dd>
        </div>
        {(issuedOn || r.issuedAt) && (
          <div className="tb-fact" data-testid="verify-claim-issuedOn">
            <dt>{lt('licenses.verify.issuedAt')}</dt>
            <dd>{day(issuedOn ?? r.issuedAt!)}</dd>
          </div>
        )}
        <div className="tb-fact" data-testid="verify-claim-expiresOn">
          <dt>{lt('licenses.verify.expiresAt')}</dt>
          <dd>{expiresOn ? day(expiresOn) : r.expiresAt ? day(r.expiresAt) : lt('licenses.longTerm')}</dd>
        </div>
        <div className="tb-fact" data-testid="verify-status-checked" data-checked={r.statusChecked ? 'true' : 'false'}>
          <dt>{lt('licenses.verify.statusChecked')}</dt>
          <dd>{r.statusChecked ? lt('licenses.verify.statusCheckedYes') : lt('licenses.verify.statusCheckedNo')}</dd>
        </div>
        <div className="tb-fact" data-testid="verify-holder-bound" data-bound={r.holderBound ? 'true' : 'false'}>
          <dt>{lt('licenses.verify.holderBound')}</dt>
          <dd>{r.holderBound ? lt('licenses.verify.holderBoundYes') : lt('licenses.verify.holderBoundNo')}</dd>
        </div>
      </dl>
    </section>
  );
}
