/**
 * The apply journey (/apply/:id[?step=…]), 智慧好办: pre-check → form → materials → pre-review → submit → receipt,
 * with a stepper that says where the applicant is. A draft opened without a step resumes where there is something
 * left to do; a submitted application shows its receipt. Each step has its own address, so Back works, and moving
 * to a step puts focus on its heading (or, from the checklist, on the place to fix).
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Steps } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Loading, NotFound } from '../../shared/Feedback.tsx';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import type { ApplicationView } from './apply.types.ts';
import { STEPS, isStep, reachable, resumeStep, type Go, type Step } from './apply.steps.ts';
import { useApplication, type Draft } from './useApplication.ts';
import { PrecheckStep } from './PrecheckStep.tsx';
import { FormStep } from './FormStep.tsx';
import { MaterialsStep } from './MaterialsStep.tsx';
import { ReviewStep } from './ReviewStep.tsx';
import { SubmitStep } from './SubmitStep.tsx';
import { Receipt } from './Receipt.tsx';

export function ApplyPage() {
  const { id = '' } = useParams();
  const draft = useApplication(id);
  const { state } = draft;
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    if (state.error.status === 404 || state.error.status === 400) return <ApplicationNotFound />;
    return (
      <div className="tb-page">
        <GuardedError error={state.error} onRetry={draft.reload} />
      </div>
    );
  }
  return <Journey view={state.view} draft={draft} />;
}

function Journey({ view, draft }: { view: ApplicationView; draft: Draft }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const f = useFormat();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('step');
  const submitted = view.status === 'submitted';
  const step: Step = isStep(requested) && reachable(view, requested) ? requested : resumeStep(view);
  const index = STEPS.indexOf(step);
  const stepName = t(`apply.step.${step}`);
  usePageTitle(submitted ? `${t('apply.receipt.title')} - ${pick(view.name, lang)}` : `${stepName} - ${pick(view.name, lang)}`);

  // Opened without a step (or at one it cannot show): pin the step in the address, so that saving does not move it.
  useEffect(() => {
    if (!submitted && requested !== step) setParams({ step }, { replace: true, state: location.state });
  }, [submitted, requested, step, setParams, location.state]);

  // A new step: focus its heading, or the place to fix when the checklist sent us here.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const stepRef = useRef<HTMLElement>(null);
  const shown = useRef<Step | null>(null);
  const [wasDraft] = useState(!submitted);
  const focusId = (location.state as { focus?: string } | null)?.focus;
  useEffect(() => {
    if (submitted) return;
    const first = shown.current === null;
    const changed = shown.current !== step;
    shown.current = step;
    // a page load keeps the focus where the browser put it; staying on the step moves nothing
    if (!focusId && (first || !changed)) return;
    const timer = window.setTimeout(() => {
      const target = focusId ? focusable(document.getElementById(focusId)) : null;
      if (target) {
        target.focus();
        target.scrollIntoView({ block: 'center' });
      } else {
        headingRef.current?.focus();
        headingRef.current?.scrollIntoView({ block: 'start' });
      }
    }, 60);
    return () => window.clearTimeout(timer);
  }, [step, submitted, focusId, location.key]);

  const go: Go = (next, options = {}) => setParams({ step: next }, { replace: options.replace, state: options.auto ? { auto: true } : undefined });
  const guideHref = view.kind === 'item' ? `/items/${encodeURIComponent(view.code)}` : `/bundles/${encodeURIComponent(view.code)}`;

  return (
    <article className="tb-page tb-apply" data-testid="apply" data-application={view.id} data-status={view.status} data-step={submitted ? 'receipt' : step}>
      <p className="tb-back no-print">
        <Link to={guideHref}>
          <ArrowLeftOutlined aria-hidden="true" /> {t('apply.backToGuide')}
        </Link>
      </p>
      <header className="tb-apply-header">
        <p className="tb-eyebrow">{view.kind === 'bundle' ? t('apply.eyebrowBundle') : t('apply.eyebrow')}</p>
        <h1>
          <L text={view.name} />
        </h1>
        <p className="tb-version">
          {submitted ? t('apply.statusSubmitted') : t('apply.statusDraft')}
          {view.updatedAt && !submitted && <> · {t('apply.lastSaved', { time: f.dateTime(draft.savedAt?.toISOString() ?? view.updatedAt) })}</>}
        </p>
      </header>

      {submitted ? (
        <Receipt view={view} justSubmitted={wasDraft} />
      ) : (
        <>
          <Stepper view={view} step={step} />
          <section className="tb-step" aria-labelledby="step-heading" ref={stepRef} data-testid={`step-${step}`}>
            <h2 id="step-heading" ref={headingRef} tabIndex={-1} className="tb-step-heading">
              <span className="tb-step-count">{t('apply.stepCount', { n: index + 1, total: STEPS.length })}</span>
              {stepName}
            </h2>
            <StepBody step={step} view={view} draft={draft} go={go} stepRef={stepRef} />
          </section>
        </>
      )}
    </article>
  );
}

function StepBody({ step, view, draft, go, stepRef }: { step: Step; view: ApplicationView; draft: Draft; go: Go; stepRef: RefObject<HTMLElement | null> }) {
  switch (step) {
    case 'precheck':
      return <PrecheckStep view={view} draft={draft} go={go} />;
    case 'form':
      return <FormStep view={view} draft={draft} go={go} stepRef={stepRef} />;
    case 'materials':
      return <MaterialsStep view={view} draft={draft} go={go} />;
    case 'review':
      return <ReviewStep view={view} draft={draft} go={go} />;
    case 'submit':
      return <SubmitStep view={view} draft={draft} go={go} />;
  }
}

/** The element to focus for an id: itself when focusable, else the first control inside it. */
function focusable(el: HTMLElement | null): HTMLElement | null {
  if (!el) return null;
  if (el.matches('input, select, textarea, button, a[href], [tabindex]')) return el;
  return el.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button, a[href], [tabindex]');
}

/**
 * The stepper: an ordered list (antd Steps) where the current step has aria-current="step", steps already open
 * to the applicant are links, and each says its state in words.
 */
function Stepper({ view, step }: { view: ApplicationView; step: Step }) {
  const { t } = useTranslation();
  const current = STEPS.indexOf(step);
  const blocked = view.precheck.eligible === 'no';
  const items = STEPS.map((s, i) => {
    const open = reachable(view, s) && s !== step;
    const status = i < current ? 'finish' : i === current ? (blocked ? 'error' : 'process') : 'wait';
    const said = i === current ? t('apply.stepState.current') : i < current ? t('apply.stepState.done') : open ? t('apply.stepState.open') : t('apply.stepState.locked');
    const name = t(`apply.step.${s}`);
    return {
      key: s,
      status: status as 'finish' | 'process' | 'wait' | 'error',
      title: open ? (
        <Link to={{ search: `?step=${s}` }} data-testid={`stepper-${s}`}>
          {name}
          <span className="tb-visually-hidden">{said}</span>
        </Link>
      ) : (
        <span data-testid={`stepper-${s}`}>
          {name}
          <span className="tb-visually-hidden">{said}</span>
        </span>
      ),
      role: 'listitem',
      'aria-current': i === current ? ('step' as const) : undefined,
      className: i === current ? 'tb-stepper-current' : undefined,
    };
  });
  return (
    <nav className="tb-stepper no-print" aria-label={t('apply.steps')} data-testid="apply-stepper">
      <Steps {...{ role: 'list' }} iconRender={(node) => <span aria-hidden="true">{node}</span>} current={current} size="small" responsive={false} titlePlacement="vertical" items={items} />
    </nav>
  );
}

function ApplicationNotFound() {
  const { t } = useTranslation();
  return (
    <NotFound testId="application-not-found" title={t('apply.notFound.title')} detail={t('apply.notFound.detail')}>
      <Link className="tb-button-link tb-button-link--primary" to="/me/applications">
        {t('apply.myApplications')}
      </Link>
    </NotFound>
  );
}
