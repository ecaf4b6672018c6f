/**
 * Building blocks of the applicant's and the officer's case pages: the header, the step list, the timeline, the
 * sub-cases of a bundle, and the decision, delivery and result of a case. (The small marks used in lists too are in
 * CaseTags.tsx, so that the lists do not load the step list and timeline components.)
 */
import type { ReactNode, RefObject } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Steps, Timeline } from 'antd';
import { ArrowLeftOutlined, CheckCircleFilled, ClockCircleOutlined, MinusCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { Facts, Section, type Fact } from '../../shared/Section.tsx';
import { L, departmentText, pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { roleText } from '../identity/OrgTree.tsx';
import { asStepStatus, eventText, isReason, stepStatusText } from './cases.labels.ts';
import type { CaseSummary, CaseView, TimelineEvent, Text } from './cases.types.ts';
import { DueDate, StateTags, listDue } from './CaseTags.tsx';
import { useCaseT, type CaseT } from './cases.i18n.ts';

/** The link back (to the list, or to the bundle of a sub-case) and the header of a case page: item, state and facts. */
export function CaseHeader({ c, back, eyebrow, headingRef, facts, children }: {
  c: CaseSummary;
  back: { to: string; label: string; print: boolean };
  eyebrow: ReactNode;
  /** the heading, which takes focus after a change */
  headingRef?: RefObject<HTMLHeadingElement | null>;
  facts: (Fact | null)[];
  children?: ReactNode;
}) {
  return (
    <>
      <p className={back.print ? 'tb-back' : 'tb-back no-print'}>
        <Link to={back.to}>
          <ArrowLeftOutlined aria-hidden="true" /> {back.label}
        </Link>
      </p>
      <header className="tb-case-header">
        <p className="tb-eyebrow">{eyebrow}</p>
        <h1 ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
          <L text={c.itemName} />
        </h1>
        <p className="tb-case-line">
          <StateTags c={c} />
        </p>
        <Facts className="tb-case-facts" facts={facts} />
        {children}
      </header>
    </>
  );
}

/** The rest of a case page: the decision, delivery and result, the sub-cases of a bundle, the steps and the timeline. */
export function CaseRecord({ c, noteId, caseHref, subCasesIntro, showPickupCode }: {
  c: CaseView;
  noteId: string;
  /** the page of a sub-case */
  caseHref: (id: string) => string;
  subCasesIntro?: ReactNode;
  showPickupCode?: boolean;
}) {
  const ct = useCaseT();
  return (
    <>
      <Decision c={c} />
      <Delivery c={c} showPickupCode={showPickupCode} />
      <Result c={c} />

      {c.subCases.length > 0 && (
        <Section id="subcases" title={ct('cases.subCases')}>
          {subCasesIntro}
          <SubCases subCases={c.subCases} hrefFor={caseHref} noteId={noteId} />
        </Section>
      )}

      {c.steps.length > 0 && (
        <Section id="steps" title={ct('cases.steps')}>
          <CaseSteps c={c} noteId={noteId} />
        </Section>
      )}

      <Section id="timeline" title={ct('cases.timeline')}>
        <CaseTimeline events={c.timeline} />
      </Section>
    </>
  );
}

const STEP_ICON: Record<string, ReactNode> = {
  done: <CheckCircleFilled />,
  current: <SyncOutlined />,
  pending: <ClockCircleOutlined />,
  skipped: <MinusCircleOutlined />,
};

/** The steps of the item's process (antd Steps), each saying its state in words and its due date. */
export function CaseSteps({ c, noteId }: { c: CaseView; noteId?: string }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const f = useFormat();
  if (c.steps.length === 0) return null;
  const current = c.steps.findIndex((s) => s.status === 'current');
  const items = c.steps.map((s) => {
    const status = asStepStatus(s.status);
    return {
      key: s.id,
      status: (status === 'done' ? 'finish' : status === 'current' ? 'process' : 'wait') as 'finish' | 'process' | 'wait',
      icon: <span aria-hidden="true" className={`tb-step-icon tb-step-icon--${status}`}>{STEP_ICON[status]}</span>,
      title: (
        <span className={status === 'skipped' ? 'tb-step-skipped' : undefined}>
          {pick(s.name, lang)}
          <span className="tb-step-status"> · {stepStatusText(status, ct)}</span>
        </span>
      ),
      content: (
        <span className="tb-step-meta">
          {s.role && <span className="tb-block">{roleOrSystem(s.role, t, ct)} · {pick(departmentText(s.department), lang)}</span>}
          {s.startedAt && status !== 'pending' && <span className="tb-block">{ct('cases.stepStarted', { time: f.dateTime(s.startedAt) })}</span>}
          {s.dueDate && status !== 'skipped' && (
            <span className="tb-block">
              {ct('cases.dueBy')}
              <DueDate date={s.dueDate} provisional={s.provisional} noteId={noteId} />
            </span>
          )}
        </span>
      ),
      role: 'listitem',
      'data-status': status,
      'aria-current': status === 'current' ? ('step' as const) : undefined,
    };
  });
  return (
    <div className="tb-case-steps" data-testid="case-steps">
      <Steps {...{ role: 'list' }} orientation="vertical" size="small" current={current < 0 ? undefined : current} items={items} />
    </div>
  );
}

type Tr = ReturnType<typeof useTranslation>['t'];
const roleOrSystem = (role: string, t: Tr, ct: CaseT) => (role === 'system' ? ct('cases.actor.system') : stepRoleText(role, t) ?? roleText(role, t));

const STEP_ROLES = ['window_officer', 'reviewer', 'approver', 'department_head', 'producer', 'system'] as const;
function stepRoleText(role: string, t: Tr): string | undefined {
  const known = STEP_ROLES.find((r) => r === role);
  return known ? t(`enums.stepRole.${known}`) : undefined;
}

/** A Text inside an event's detail (`description` of a rule), when it is one. */
function textOf(value: unknown): Text | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  return typeof v.zh === 'string' ? { zh: v.zh, en: typeof v.en === 'string' ? v.en : v.zh } : null;
}

/** The supplement items of an event's detail, when it carries them. */
function itemsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((i) => (typeof i === 'object' && i !== null && typeof (i as { message?: unknown }).message === 'string' ? (i as { message: string }).message : null)).filter((m): m is string => !!m);
}

/** The case's event log (antd Timeline): when, who (org and role), what, and why. */
export function CaseTimeline({ events }: { events: TimelineEvent[] }) {
  const ct = useCaseT();
  const f = useFormat();
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const items = sorted.map((e) => {
    const description = textOf(e.detail.description);
    const note = typeof e.detail.note === 'string' ? e.detail.note : null;
    const legalBasis = typeof e.detail.legalBasis === 'string' ? e.detail.legalBasis : null;
    const requested = itemsOf(e.detail.items);
    return {
      key: e.seq,
      color: isReason(e) && e.kind !== 'transferred' ? 'red' : e.actor.kind === 'system' ? 'gray' : 'blue',
      // the time is part of the content (not the title column), so that the timeline is one column on a phone
      content: (
        <div className="tb-event">
          <p className="tb-event-time">
            <time dateTime={e.at}>{f.dateTime(e.at)}</time>
          </p>
          <p className="tb-event-what">
            <strong>{eventText(e, ct)}</strong>
            {e.step && (
              <span className="tb-muted">
                {' · '}
                <L text={e.step.name} />
              </span>
            )}
          </p>
          <p className="tb-event-who">
            <Actor actor={e.actor} />
          </p>
          {e.reason && (
            <p className="tb-event-why" data-testid="timeline-reason">
              {isReason(e) ? ct('cases.reason') : ct('cases.note')}
              {e.reason}
            </p>
          )}
          {legalBasis && <p className="tb-event-why">{ct('cases.legalBasisLine', { basis: legalBasis })}</p>}
          {description && (
            <p className="tb-event-why">
              <L text={description} />
            </p>
          )}
          {note && <p className="tb-event-why">{ct('cases.note')}{note}</p>}
          {requested.length > 0 && (
            <ul className="tb-list">
              {requested.map((m, i) => <li key={i}>{m}</li>)}
            </ul>
          )}
        </div>
      ),
      'data-testid': 'timeline-event',
      'data-kind': e.kind,
    };
  });
  return (
    <div className="tb-case-timeline" data-testid="case-timeline">
      {items.length === 0 ? <p className="tb-muted">{ct('cases.noEvents')}</p> : <Timeline items={items} />}
    </div>
  );
}

/** Who acted: the org, the role and (for officers, when given) the name; the applicant; or the system. */
function Actor({ actor }: { actor: TimelineEvent['actor'] }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  if (actor.kind === 'system') return <span className="tb-muted">{ct('cases.actor.system')}</span>;
  if (actor.kind === 'citizen') return <span className="tb-muted">{ct('cases.actor.citizen')}{actor.name ? ` · ${actor.name}` : ''}</span>;
  const parts: ReactNode[] = [];
  if (actor.org) parts.push(<L key="org" text={actor.org.name} />);
  if (actor.role) parts.push(<span key="role">{roleText(actor.role, t)}</span>);
  if (actor.name) parts.push(<span key="name">{actor.name}</span>);
  if (parts.length === 0) parts.push(<span key="officer">{ct('cases.actor.officer')}</span>);
  return <span className="tb-muted">{parts.flatMap((p, i) => (i === 0 ? [p] : [' · ', p]))}</span>;
}

/** The sub-cases of a bundle case, each with its state; a row links to the sub-case's own page. */
export function SubCases({ subCases, hrefFor, noteId }: { subCases: CaseSummary[]; hrefFor: (id: string) => string; noteId?: string }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  if (subCases.length === 0) return null;
  return (
    <ul className="tb-subcases" data-testid="subcases">
      {subCases.map((s) => {
        const due = listDue(s);
        return (
          <li key={s.id} className="tb-subcase" data-testid="subcase-row" data-state={s.state} data-case-id={s.id}>
            <h3 className="tb-subcase-title">
              <Link to={hrefFor(s.id)}>
                <L text={s.itemName} />
              </Link>
            </h3>
            <p className="tb-case-line">
              <StateTags c={s} testId={null} />
            </p>
            <dl className="tb-meta">
              <div>
                <dt>{t('apply.receipt.number')}</dt>
                <dd className="tb-mono">{s.receiptNo}</dd>
              </div>
              {s.step && (
                <div>
                  <dt>{ct('cases.currentStep')}</dt>
                  <dd><L text={s.step.name} /></dd>
                </div>
              )}
              {due && (
                <div>
                  <dt>{ct('cases.due')}</dt>
                  <dd><DueDate date={due.date} provisional={due.provisional} noteId={noteId} /></dd>
                </div>
              )}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}

/** The decision (准予 / 不予) with its reason and legal basis, or the rule that decided it. */
function Decision({ c }: { c: CaseView }) {
  const ct = useCaseT();
  const d = c.decision;
  if (!d) return null;
  return (
    <Section id="decision" title={ct('cases.decision.title')} testId="case-decision">
      <p className={`tb-decision tb-decision--${d.result}`} data-result={d.result}>
        <strong>{d.result === 'approve' ? ct('cases.decision.approve') : ct('cases.decision.deny')}</strong>
      </p>
      <Facts
        facts={[
          d.reason ? { key: 'reason', label: ct('cases.decision.reason'), value: d.reason } : null,
          d.legalBasis ? { key: 'basis', label: ct('cases.decision.legalBasis'), value: d.legalBasis } : null,
          d.byRule ? { key: 'rule', label: ct('cases.decision.byRule'), value: <L text={d.byRule.description} /> } : null,
        ]}
      />
    </Section>
  );
}

/** How the result is delivered: the pick-up code (large) for a window, the tracking number for the post. */
function Delivery({ c, showPickupCode = true }: { c: CaseView; showPickupCode?: boolean }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const f = useFormat();
  const d = c.delivery;
  if (!d) return null;
  return (
    <Section id="delivery" title={ct('cases.delivery.title')} testId="case-delivery">
      <Facts
        facts={[
          { key: 'method', label: ct('cases.delivery.method'), value: t(`enums.delivery.${d.method}`) },
          d.trackingNo ? { key: 'tracking', label: ct('cases.delivery.trackingNo'), value: <span className="tb-mono" data-testid="tracking-no">{d.trackingNo}</span> } : null,
          d.deliveredAt ? { key: 'at', label: ct('cases.delivery.deliveredAt'), value: <time dateTime={d.deliveredAt}>{f.dateTime(d.deliveredAt)}</time> } : null,
        ]}
      />
      {d.method === 'window' && d.pickupCode && showPickupCode && (
        <div className="tb-pickup">
          <p className="tb-pickup-label">{ct('cases.delivery.pickupCode')}</p>
          <p className="tb-pickup-code tb-mono" data-testid="pickup-code">
            {d.pickupCode}
          </p>
          {!d.deliveredAt && <p className="tb-hint">{ct('cases.delivery.pickupHint')}</p>}
        </div>
      )}
    </Section>
  );
}

/** The result notice of the case (统一发证 for a bundle). */
function Result({ c }: { c: CaseView }) {
  const ct = useCaseT();
  if (!c.result) return null;
  return (
    <Section id="result" title={c.kind === 'bundle' ? ct('cases.result.bundleTitle') : ct('cases.result.title')}>
      <p className="tb-case-result" data-testid="case-result">
        <L text={c.result} />
      </p>
    </Section>
  );
}
