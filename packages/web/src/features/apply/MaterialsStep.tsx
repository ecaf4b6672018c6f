/**
 * Step 3, 上传材料: every material with its state. Exempt ones (两个免于提交: an e-licence, a shared record or another
 * item's result) ask for nothing; the others take a file (formats and size limit shown, the server's check results
 * shown next to the material), or — where the item allows — 容缺后补 (supply it later) or 告知承诺 (sign instead).
 */
import { useEffect, useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox } from 'antd';
import {
  ArrowLeftOutlined, ArrowRightOutlined, CheckCircleFilled, ClockCircleFilled, EditFilled, ExclamationCircleFilled, FileDoneOutlined,
  MinusCircleOutlined, SafetyCertificateFilled, UploadOutlined,
} from '@ant-design/icons';
import { ApiError } from '../../shared/http.ts';
import { L, licenseTypeText, pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { useDataSourceLabel } from '../catalog/MaterialSource.tsx';
import { useItemName } from '../catalog/itemNames.ts';
import { getMaterialFile, materialContentUrl, uploadMaterial } from './apply.api.ts';
import type { ApplicationMaterial, ApplicationView, ChecklistEntry, MaterialEntry, MaterialFile } from './apply.types.ts';
import { deferDeadline, entriesOf, type Go } from './apply.steps.ts';
import type { Draft } from './useApplication.ts';

/** File extensions the picker offers for each format. */
const EXTENSIONS: Record<string, string[]> = { jpg: ['.jpg', '.jpeg'], png: ['.png'], pdf: ['.pdf'], ofd: ['.ofd'], doc: ['.doc'], docx: ['.docx'] };

const EXEMPT_KINDS = new Set(['license', 'dataSource', 'itemOutput']);
const isExempt = (m: ApplicationMaterial) => !!m.state && EXEMPT_KINDS.has(m.state.kind);

/** The item and the material id of a material: a bundle's ids are `CODE.materialId`. */
function splitId(view: ApplicationView, id: string): { itemCode: string; materialId: string } {
  if (view.kind === 'item') return { itemCode: view.code, materialId: id };
  const dot = id.indexOf('.');
  return { itemCode: id.slice(0, dot), materialId: id.slice(dot + 1) };
}

export function MaterialsStep({ view, draft, go }: { view: ApplicationView; draft: Draft; go: Go }) {
  const { t } = useTranslation();
  const problems = entriesOf(view.checklist, 'material');
  const exempt = view.materials.filter(isExempt).length;
  const supplied = view.materials.filter((m) => m.state && !EXEMPT_KINDS.has(m.state.kind)).length;
  const groups = view.kind === 'item'
    ? [{ code: null as string | null, materials: view.materials }]
    : view.members.map((m) => ({ code: m.itemCode as string | null, materials: view.materials.filter((x) => x.id.startsWith(`${m.itemCode}.`)) })).filter((g) => g.materials.length > 0);

  return (
    <div className="tb-materials-step">
      <p>{t('apply.materials.intro')}</p>
      <p className="tb-materials-summary" data-testid="materials-summary">
        {t('apply.materials.summary', { total: view.materials.length, exempt, supplied, missing: problems.length })}
      </p>
      {groups.map((g) => (
        <section key={g.code ?? 'item'} aria-labelledby={g.code ? `materials-${g.code}` : undefined}>
          {g.code && <MemberName code={g.code} id={`materials-${g.code}`} />}
          <ol className="tb-material-list">
            {g.materials.map((m) => (
              <MaterialRow key={m.id} view={view} material={m} draft={draft} problem={problems.find((p) => p.path === `/materials/${m.id}`)} nested={!!g.code} />
            ))}
          </ol>
        </section>
      ))}
      <div className="tb-step-actions">
        <Button icon={<ArrowLeftOutlined aria-hidden="true" />} onClick={() => go('form')} data-testid="step-back">
          {t('apply.back')}
        </Button>
        <Button type="primary" icon={<ArrowRightOutlined aria-hidden="true" />} onClick={() => go('review', { auto: true })} data-testid="step-next">
          {t('apply.next')}
        </Button>
      </div>
    </div>
  );
}

function MemberName({ code, id }: { code: string; id: string }) {
  const name = useItemName(code);
  return <h3 id={id} className="tb-member-heading">{name ? <L text={name} /> : code}</h3>;
}

/** What a failed upload or save says: the problem's message and each of its errors. */
function problemLines(err: ApiError, lang: 'zh' | 'en', fallback: string): { message: string; details: string[] } {
  const p = err.problem;
  const details = (p?.errors ?? []).map((e) => pick(e.message, lang)).filter(Boolean);
  const message = p?.message ? pick(p.message, lang) : fallback;
  // the message often already says each error: list only what it does not
  return { message, details: details.filter((d) => !message.includes(d)) };
}

type Busy = null | 'upload' | 'defer' | 'commit';

function MaterialRow({ view, material: m, draft, problem, nested }: { view: ApplicationView; material: ApplicationMaterial; draft: Draft; problem: ChecklistEntry | undefined; nested: boolean }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const f = useFormat();
  const id = useId();
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<{ message: string; details: string[] } | null>(null);
  const [status, setStatus] = useState('');
  const Heading = nested ? 'h4' : 'h3';
  const state = m.state;
  const exempt = isExempt(m);
  const formats = m.formats.map((x) => x.toUpperCase()).join(t('common.listSeparator'));
  const accept = m.formats.flatMap((x) => EXTENSIONS[x] ?? [`.${x}`]).join(',');

  const fail = (err: unknown) => {
    const e = err instanceof ApiError ? err : new ApiError(0, undefined);
    setError(problemLines(e, lang, e.status === 0 ? t('error.network') : t('error.generic', { status: e.status })));
  };

  const setState = async (entry: MaterialEntry, kind: Busy, done: string) => {
    setBusy(kind);
    setError(null);
    setStatus('');
    try {
      await draft.save({ materials: { [m.id]: entry } });
      setStatus(done);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    if (!file) return;
    setBusy('upload');
    setError(null);
    setStatus(t('apply.materials.uploading', { name: file.name }));
    const { itemCode, materialId } = splitId(view, m.id);
    try {
      const stored = await uploadMaterial(itemCode, materialId, file);
      await draft.save({ materials: { [m.id]: { kind: 'upload', fileId: stored.id } } });
      setStatus(t('apply.materials.uploaded', { name: file.name }));
    } catch (err) {
      setStatus('');
      fail(err);
    } finally {
      setBusy(null);
      // the same file can be chosen again after a failure
      input.value = '';
    }
  };

  const tag = stateTag(m, t);
  return (
    <li
      id={`material-${m.id}`}
      tabIndex={-1}
      className={['tb-material', exempt ? 'tb-material--exempt' : '', problem ? 'tb-material--missing' : ''].filter(Boolean).join(' ')}
      data-testid={`material-${m.id}`}
      data-state={state?.kind ?? 'none'}
      aria-labelledby={`${id}-name`}
    >
      <div className="tb-material-head">
        <Heading className="tb-material-title" id={`${id}-name`}>
          <L text={m.name} />
        </Heading>
        <span className={`tb-tag tb-tag--${m.necessity}`}>{t(`enums.necessity.${m.necessity}`)}</span>
        <span className={`tb-state tb-state--${tag.kind}`} data-testid="material-state">
          {tag.icon}
          {tag.text}
        </span>
      </div>
      {m.description && <p className="tb-material-desc"><L text={m.description} /></p>}
      {m.neededWhen && <p className="tb-hint">{t('guide.materials.neededWhen')}<L text={m.neededWhen} /></p>}

      {exempt && state ? (
        <ExemptLine view={view} entry={state} />
      ) : (
        <>
          {state?.kind === 'upload' && <UploadedFile fileId={state.fileId} />}
          {state?.kind === 'deferred' && (
            <p className="tb-material-line">
              <ClockCircleFilled aria-hidden="true" /> {t('apply.materials.deferredUntil', { date: f.day(state.deadline) })}
            </p>
          )}
          {state?.kind === 'commitment' && (
            <p className="tb-material-line">
              <EditFilled aria-hidden="true" /> {t('apply.materials.committedAt', { time: f.dateTime(state.signedAt) })}
            </p>
          )}
          {state?.kind !== 'commitment' && (
            <div className="tb-upload">
              {m.acceptanceCriteria && <p className="tb-hint">{t('apply.materials.criteria')}<L text={m.acceptanceCriteria} /></p>}
              {m.exemptBySource && !state && m.source.type === 'license' && (
                <p className="tb-hint">{t('apply.materials.licenseNotHeld', { name: pick(licenseTypeText(m.source.licenseType ?? ''), lang) })}</p>
              )}
              <p className="tb-hint" id={`${id}-rules`}>{t('apply.materials.rules', { formats, size: m.maxSizeMB })}</p>
              <span className="tb-file">
                <input
                  type="file"
                  id={`material-upload-${m.id}`}
                  data-testid={`material-upload-${m.id}`}
                  className="tb-file-input"
                  accept={accept}
                  disabled={busy !== null}
                  aria-describedby={[`${id}-rules`, error ? `${id}-error` : null].filter(Boolean).join(' ')}
                  aria-invalid={error ? true : undefined}
                  onChange={(e) => void upload(e)}
                />
                <label htmlFor={`material-upload-${m.id}`} className="tb-button-link tb-file-label">
                  <UploadOutlined aria-hidden="true" />
                  {state?.kind === 'upload' ? t('apply.materials.replace') : t('apply.materials.choose')}
                  <span className="tb-visually-hidden">{t('apply.materials.forMaterial', { name: pick(m.name, lang) })}</span>
                </label>
              </span>
            </div>
          )}
          {m.necessity === 'deferrable' && state?.kind !== 'deferred' && state?.kind !== 'upload' && (
            <div className="tb-defer">
              <p className="tb-hint">{t('apply.materials.deferIntro', { count: m.deferDays ?? 0 })}</p>
              <Button
                loading={busy === 'defer'}
                disabled={busy !== null}
                data-testid={`material-defer-${m.id}`}
                onClick={() => {
                  const deadline = deferDeadline(m.deferDays ?? 0);
                  void setState({ kind: 'deferred', deadline }, 'defer', t('apply.materials.deferredUntil', { date: f.day(deadline) }));
                }}
              >
                {t('apply.materials.defer', { count: m.deferDays ?? 0 })}
                <span className="tb-visually-hidden">{t('apply.materials.forMaterial', { name: pick(m.name, lang) })}</span>
              </Button>
            </div>
          )}
          {m.necessity === 'commitment' && m.commitmentText && state?.kind !== 'commitment' && state?.kind !== 'upload' && (
            <Commitment material={m} busy={busy} onSign={(text) => void setState({ kind: 'commitment', signedAt: new Date().toISOString(), text }, 'commit', t('apply.materials.committed'))} />
          )}
        </>
      )}
      <p className="tb-material-status" role="status" data-testid="material-status">{status}</p>
      {error && (
        <div className="tb-material-error" id={`${id}-error`} role="alert" data-testid="material-error">
          <p>
            <ExclamationCircleFilled aria-hidden="true" /> {error.message}
          </p>
          {error.details.length > 0 && (
            <ul>
              {error.details.map((d, i) => <li key={i}>{d}</li>)}
            </ul>
          )}
        </div>
      )}
      {!error && problem && m.necessity !== 'optional' && (
        <p className="tb-material-missing" data-testid="material-missing">
          <L text={problem.remedy ?? problem.message} />
        </p>
      )}
    </li>
  );
}

/** The state of a material in a word, with an icon. */
function stateTag(m: ApplicationMaterial, t: ReturnType<typeof useTranslation>['t']): { kind: string; icon: ReactNode; text: string } {
  const s = m.state;
  if (s && EXEMPT_KINDS.has(s.kind)) return { kind: 'exempt', icon: <SafetyCertificateFilled aria-hidden="true" />, text: t('apply.materials.state.exempt') };
  if (s?.kind === 'upload') return { kind: 'done', icon: <CheckCircleFilled aria-hidden="true" />, text: t('apply.materials.state.uploaded') };
  if (s?.kind === 'deferred') return { kind: 'deferred', icon: <ClockCircleFilled aria-hidden="true" />, text: t('apply.materials.state.deferred') };
  if (s?.kind === 'commitment') return { kind: 'done', icon: <EditFilled aria-hidden="true" />, text: t('apply.materials.state.committed') };
  if (m.necessity === 'optional') return { kind: 'optional', icon: <MinusCircleOutlined aria-hidden="true" />, text: t('apply.materials.state.optional') };
  return { kind: 'missing', icon: <ExclamationCircleFilled aria-hidden="true" />, text: t('apply.materials.state.missing') };
}

/** "免提交 · 已通过电子证照 居民身份证获取" and the like. */
function ExemptLine({ view, entry }: { view: ApplicationView; entry: MaterialEntry }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const field = entry.kind === 'dataSource' ? entry.field : undefined;
  const source = useDataSourceLabel(field);
  const itemName = useItemName(entry.kind === 'itemOutput' ? entry.itemCode : undefined);
  let how: string;
  if (entry.kind === 'license') how = t('apply.materials.viaLicense', { name: pick(licenseTypeText(entry.licenseType), lang) });
  else if (entry.kind === 'dataSource') how = t('apply.materials.viaData', { source: source ?? field ?? '' });
  else if (entry.kind === 'itemOutput') {
    const inBundle = view.kind === 'bundle' && view.members.some((x) => x.itemCode === entry.itemCode);
    how = t(inBundle ? 'apply.materials.viaMember' : 'apply.materials.viaItem', { name: itemName ? pick(itemName, lang) : entry.itemCode });
  } else how = '';
  return (
    <p className="tb-exempt" data-testid="material-exempt">
      <SafetyCertificateFilled aria-hidden="true" /> {t('apply.materials.exempt')} · {how}
    </p>
  );
}

/** The uploaded file's name and size, with a link to see it. */
function UploadedFile({ fileId }: { fileId: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<MaterialFile | null>(null);
  useEffect(() => {
    const c = new AbortController();
    getMaterialFile(fileId, c.signal).then(setFile, () => undefined);
    return () => c.abort();
  }, [fileId]);
  const size = file ? (file.size >= 1024 * 1024 ? `${(file.size / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(file.size / 1024))} KB`) : '';
  return (
    <p className="tb-material-line" data-testid="material-file">
      <FileDoneOutlined aria-hidden="true" /> {t('apply.materials.uploadedFile')}
      {file?.fileName ? <> {file.fileName}</> : null}
      {size && <> ({size})</>}
      {' · '}
      <a href={materialContentUrl(fileId)} target="_blank" rel="noopener">
        {t('apply.materials.view')}
        <span className="tb-visually-hidden">{t('apply.materials.opensNew')}</span>
      </a>
    </p>
  );
}

/** 告知承诺: the commitment text, a checkbox to agree and a button to sign. */
function Commitment({ material, busy, onSign }: { material: ApplicationMaterial; busy: Busy; onSign: (text: string) => void }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const id = useId();
  const [agreed, setAgreed] = useState(false);
  const text = pick(material.commitmentText ?? undefined, lang);
  return (
    <div className="tb-commitment" data-testid={`material-commitment-${material.id}`}>
      <p className="tb-hint">{t('apply.materials.commitmentIntro')}</p>
      <blockquote id={`${id}-text`} className="tb-commitment-text">
        <L text={material.commitmentText ?? undefined} />
      </blockquote>
      <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} aria-describedby={`${id}-text`} data-testid={`material-commit-agree-${material.id}`}>
        {t('apply.materials.agree')}
      </Checkbox>
      <Button
        type="primary"
        ghost
        disabled={!agreed || busy !== null}
        loading={busy === 'commit'}
        onClick={() => onSign(text)}
        data-testid={`material-commit-${material.id}`}
      >
        {t('apply.materials.sign')}
        <span className="tb-visually-hidden">{t('apply.materials.forMaterial', { name: pick(material.name, lang) })}</span>
      </Button>
    </div>
  );
}
