/**
 * Step 1, 条件预检: every condition of the item for this applicant — met, not met or not yet known (an icon and a
 * word, never colour alone) — with the facts that decided it and, when not met, what to do. Questions that would
 * decide an unknown condition are asked here. When a condition is not met the journey stops and says why.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Input, InputNumber, Radio } from 'antd';
import { ArrowRightOutlined, CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { ApiError } from '../../shared/http.ts';
import { L, licenseTypeText, pick, useTextLang } from '../../shared/text.tsx';
import { useItemName } from '../catalog/itemNames.ts';
import type { ApplicationView, ConditionOutcome, ConditionStatus, PrecheckQuestion } from './apply.types.ts';
import type { Draft } from './useApplication.ts';
import { useQuestions } from './useQuestions.ts';
import { useEnumLabel, useFactLabel } from './apply.labels.ts';
import type { Go } from './apply.steps.ts';

/** Where the signed commitments for conditions (告知承诺) are kept among the answers. */
const COMMITMENTS = '__commitments';

const ICONS: Record<ConditionStatus, ReactNode> = {
  met: <CheckCircleFilled aria-hidden="true" />,
  not_met: <CloseCircleFilled aria-hidden="true" />,
  unknown: <QuestionCircleFilled aria-hidden="true" />,
};

type T = ReturnType<typeof useTranslation>['t'];

/** Labels of data-source fields and names of sources, and how a fact's value reads. */
function useFacts(view: ApplicationView, questions: Map<string, PrecheckQuestion>) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const factLabel = useFactLabel();
  const enumLabel = useEnumLabel();
  // the source names the server gives with prefilled values, else the app's own
  const sourceNames = new Map<string, string>();
  for (const p of Object.values(view.form.prefill)) sourceNames.set(p.source, pick(p.sourceName, lang));
  const sourceName = (source: string): string => {
    const known = sourceNames.get(source);
    if (known) return known;
    const own = t('enums.dataSource', { returnObjects: true }) as unknown as Record<string, string | undefined>;
    return own[source] ?? source;
  };
  const valueText = (field: string, value: unknown): string => {
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (Array.isArray(value)) {
      if (value.length === 0) return t('common.none');
      const parts = value.map((v) => (field === 'license.held' ? pick(licenseTypeText(String(v)), lang) : enumLabel(String(v)) ?? String(v)));
      return parts.join(t('common.listSeparator'));
    }
    if (value === null || value === undefined) return t('common.none');
    if (field.startsWith('answers.')) {
      const q = questions.get(field.slice('answers.'.length));
      const option = q?.options?.find((o) => o.value === String(value));
      if (option) return pick(option.label, lang);
    }
    return enumLabel(String(value)) ?? String(value);
  };
  const fieldLabel = (field: string): string => {
    if (field.startsWith('answers.')) {
      const q = questions.get(field.slice('answers.'.length));
      return q ? pick(q.label, lang) : field;
    }
    return factLabel(field) ?? field;
  };
  return { sourceName, valueText, fieldLabel };
}

export function PrecheckStep({ view, draft, go }: { view: ApplicationView; draft: Draft; go: Go }) {
  const { t } = useTranslation();
  const questions = useQuestions(view);
  const facts = useFacts(view, questions);
  const { eligible, conditions } = view.precheck;
  const groups = groupByMember(view, conditions);
  const open = view.precheck.questions;
  const answered = [...questions.values()].filter((q) => q.id in view.answers && !open.some((o) => o.id === q.id));
  const unknownCount = conditions.filter((c) => c.status === 'unknown').length;
  const notMet = conditions.filter((c) => c.status === 'not_met').length;
  const guideHref = view.kind === 'item' ? `/items/${encodeURIComponent(view.code)}` : `/bundles/${encodeURIComponent(view.code)}`;

  return (
    <div className="tb-precheck">
      <div
        className={`tb-precheck-result tb-precheck-result--${eligible}`}
        data-testid="precheck-result"
        data-eligible={eligible}
        role="status"
      >
        <p className="tb-precheck-title">
          {eligible === 'yes' ? ICONS.met : eligible === 'no' ? ICONS.not_met : ICONS.unknown}
          <strong>{t(`apply.precheck.result.${eligible}`)}</strong>
        </p>
        <p>
          {eligible === 'yes'
            ? t('apply.precheck.yesDetail')
            : eligible === 'no'
              ? t('apply.precheck.noDetail', { count: notMet })
              : open.length > 0
                ? t('apply.precheck.unknownDetail', { count: unknownCount })
                : t('apply.precheck.unknownNoQuestions')}
        </p>
      </div>

      {(open.length > 0 || answered.length > 0) && <Questions view={view} draft={draft} open={open} answered={answered} />}

      <h3 id="conditions-heading">{t('apply.precheck.conditions')}</h3>
      {groups.map((g) => (
        <section key={g.code ?? 'item'} aria-labelledby={g.code ? `conditions-${g.code}` : 'conditions-heading'}>
          {g.code && <MemberHeading code={g.code} id={`conditions-${g.code}`} />}
          <ul className="tb-conditions">
            {g.conditions.map((c) => (
              <Condition key={c.id} condition={c} facts={facts} view={view} draft={draft} t={t} />
            ))}
          </ul>
        </section>
      ))}

      {eligible === 'no' && (
        <div className="tb-stop" data-testid="precheck-stop">
          <h3>{t('apply.precheck.stopTitle')}</h3>
          <p>{t('apply.precheck.stopDetail')}</p>
          <p className="tb-gate-actions">
            <Link className="tb-button-link" to={guideHref}>{t('apply.backToGuide')}</Link>
            <Link className="tb-button-link" to="/me/applications">{t('apply.myApplications')}</Link>
          </p>
        </div>
      )}
      {eligible === 'yes' && (
        <div className="tb-step-actions">
          <Button type="primary" icon={<ArrowRightOutlined aria-hidden="true" />} onClick={() => go('form')} data-testid="step-next">
            {t('apply.next')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** Conditions of a bundle grouped by member (ids are `CODE.id`); an item's in one group. */
function groupByMember(view: ApplicationView, conditions: ConditionOutcome[]): { code: string | null; conditions: ConditionOutcome[] }[] {
  if (view.kind === 'item') return [{ code: null, conditions }];
  const out: { code: string | null; conditions: ConditionOutcome[] }[] = [];
  for (const c of conditions) {
    const dot = c.id.indexOf('.');
    const code = dot > 0 ? c.id.slice(0, dot) : null;
    let g = out.find((x) => x.code === code);
    if (!g) out.push((g = { code, conditions: [] }));
    g.conditions.push(c);
  }
  return out;
}

function MemberHeading({ code, id }: { code: string; id: string }) {
  const name = useItemName(code);
  return <h4 id={id} className="tb-member-heading">{name ? <L text={name} /> : code}</h4>;
}

function Condition({ condition: c, facts, view, draft, t }: { condition: ConditionOutcome; facts: ReturnType<typeof useFacts>; view: ApplicationView; draft: Draft; t: T }) {
  const basis = c.decidedBy.map((d) => {
    const value = facts.valueText(d.field, d.value);
    return d.source
      ? t('apply.precheck.fact', { field: facts.fieldLabel(d.field), value, source: facts.sourceName(d.source) })
      : t('apply.precheck.answer', { field: facts.fieldLabel(d.field), value });
  });
  const unread = c.missing.filter((m) => !m.startsWith('answers.'));
  const asked = c.missing.filter((m) => m.startsWith('answers.'));
  return (
    <li id={`condition-${c.id}`} tabIndex={-1} className={`tb-condition tb-condition--${c.status}`} data-testid="condition" data-status={c.status} data-id={c.id}>
      <p className="tb-condition-head">
        <span className="tb-condition-status">
          {ICONS[c.status]}
          <strong>{t(`apply.precheck.status.${c.status}`)}</strong>
        </span>
        <span className="tb-condition-text">
          <L text={c.text} />
        </span>
      </p>
      {c.committed && <p className="tb-condition-basis">{t('apply.precheck.committed')}</p>}
      {basis.length > 0 && <p className="tb-condition-basis">{t('apply.precheck.basis', { facts: basis.join(t('common.listSeparator')) })}</p>}
      {c.status === 'unknown' && asked.length > 0 && <p className="tb-condition-basis">{t('apply.precheck.needsAnswer')}</p>}
      {c.status === 'unknown' && unread.length > 0 && (
        <p className="tb-condition-basis">{t('apply.precheck.unread', { fields: unread.map(facts.fieldLabel).join(t('common.listSeparator')) })}</p>
      )}
      {c.status === 'not_met' && (
        <p className="tb-remedy">
          <strong>{t('apply.precheck.remedy')}</strong>
          <L text={c.remedy} />
        </p>
      )}
      {c.status === 'not_met' && c.commitmentAllowed && <ConditionCommitment condition={c} view={view} draft={draft} />}
    </li>
  );
}

/** 告知承诺 for a condition that allows one: the applicant declares they meet it; it is checked afterwards. */
function ConditionCommitment({ condition, view, draft }: { condition: ConditionOutcome; view: ApplicationView; draft: Draft }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const message = useErrorMessage(error ?? new ApiError(0, undefined));
  const sign = async () => {
    setBusy(true);
    setError(null);
    const signed = Array.isArray(view.answers[COMMITMENTS]) ? (view.answers[COMMITMENTS] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    try {
      await draft.save({ answers: { [COMMITMENTS]: [...new Set([...signed, condition.id])] } });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="tb-commitment" data-testid="condition-commitment">
      <p>{t('apply.precheck.commitmentIntro')}</p>
      <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>
        {t('apply.precheck.commitmentText', { condition: pick(condition.text, lang) })}
      </Checkbox>
      <Button disabled={!agreed} loading={busy} onClick={() => void sign()}>
        {t('apply.materials.sign')}
      </Button>
      {error && <p className="tb-field-error" role="alert">{message}</p>}
    </div>
  );
}

/** The questions that decide unknown conditions, and the answers already given (which can be changed). */
function Questions({ view, draft, open, answered }: { view: ApplicationView; draft: Draft; open: PrecheckQuestion[]; answered: PrecheckQuestion[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState<Record<string, unknown>>(() => ({ ...view.answers }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);
  const message = useErrorMessage(error ?? new ApiError(0, undefined));
  const shown = [...open, ...answered];

  // answers saved elsewhere (another tab, a stale reload) come in with the view
  const [seen, setSeen] = useState(view.revision);
  if (seen !== view.revision) {
    setSeen(view.revision);
    setValues((v) => ({ ...view.answers, ...Object.fromEntries(Object.entries(v).filter(([k]) => !(k in view.answers))) }));
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changes: Record<string, unknown> = {};
    for (const q of shown) {
      const v = values[q.id];
      if (v === undefined || v === '' || v === null) continue;
      if (JSON.stringify(v) !== JSON.stringify(view.answers[q.id])) changes[q.id] = v;
    }
    const unanswered = open.filter((q) => values[q.id] === undefined || values[q.id] === '' || values[q.id] === null);
    setMissing(unanswered.length > 0 && Object.keys(changes).length === 0);
    if (Object.keys(changes).length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await draft.save({ answers: changes });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };

  const form = (
    <form className="tb-form tb-form--wide" noValidate onSubmit={(e) => void submit(e)}>
        {shown.map((q) => (
          <QuestionControl key={q.id} question={q} value={values[q.id]} onChange={(v) => setValues((s) => ({ ...s, [q.id]: v }))} />
        ))}
        {missing && <p className="tb-field-error" role="alert">{t('apply.precheck.answerSomething')}</p>}
        {error && <Alert type="error" showIcon role="alert" className="tb-error" title={t('apply.form.saveFailed')} description={message} />}
        <Button htmlType="submit" type={open.length > 0 ? 'primary' : 'default'} loading={busy} data-testid="precheck-answer">
          {t('apply.precheck.check')}
        </Button>
    </form>
  );

  // nothing left to ask: the answers given stay available to change, folded away
  if (open.length === 0) {
    return (
      <details className="tb-questions tb-details" data-testid="precheck-questions">
        <summary>{t('apply.precheck.answersSummary', { count: answered.length })}</summary>
        {form}
      </details>
    );
  }
  return (
    <section className="tb-questions" aria-labelledby={`${id}-h`} data-testid="precheck-questions">
      <h3 id={`${id}-h`}>{t('apply.precheck.questionsTitle')}</h3>
      <p>{t('apply.precheck.questionsIntro')}</p>
      {form}
    </section>
  );
}

function QuestionControl({ question: q, value, onChange }: { question: PrecheckQuestion; value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const id = useId();
  const label = pick(q.label, lang);
  if (q.type === 'boolean' || q.type === 'enum') {
    const options = q.type === 'boolean'
      ? [{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]
      : (q.options ?? []).map((o) => ({ value: o.value as unknown, label: pick(o.label, lang) }));
    return (
      <div className="tb-field" data-testid="precheck-question" data-question={q.id}>
        <p className="tb-label" id={`${id}-label`}>{label}</p>
        <Radio.Group
          className="tb-radio-list tb-radio-list--inline"
          aria-labelledby={`${id}-label`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          name={`q-${q.id}`}
        >
          {options.map((o) => (
            <Radio key={String(o.value)} value={o.value}>{o.label}</Radio>
          ))}
        </Radio.Group>
      </div>
    );
  }
  return (
    <div className="tb-field" data-testid="precheck-question" data-question={q.id}>
      <label className="tb-label" htmlFor={id}>{label}</label>
      {q.type === 'number' ? (
        <InputNumber id={id} value={typeof value === 'number' ? value : null} onChange={(v) => onChange(v ?? undefined)} inputMode="decimal" className="tb-input-number" />
      ) : (
        <Input id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}
