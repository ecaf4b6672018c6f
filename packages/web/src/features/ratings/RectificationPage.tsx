/**
 * One work order (/officer/rectifications/:id): the rating and the evaluator (anonymous unless the officer must call
 * back), the deadlines of each stage, the records so far, the history, and the form of the current stage (verify;
 * rectify, explain or appeal; record the callback; close).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button } from 'antd';
import { ApiError } from '../../shared/http.ts';
import { ErrorState, Loading, NotFound, useErrorMessage } from '../../shared/Feedback.tsx';
import { Facts, Section } from '../../shared/Section.tsx';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { useFormat } from '../../shared/format.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { actOnOrder, getOrder, type OrderActionBody } from './ratings.api.ts';
import { useRatingT, type RatingKey } from './ratings.i18n.ts';
import type { OrderAction, OrderDetail, OrderRecord } from './ratings.types.ts';
import './ratings.css';

export function RectificationPage() {
  const { id = '' } = useParams();
  const rt = useRatingT();
  const order = useAsync((signal) => getOrder(id, signal), [id]);
  const [override, setOverride] = useState<OrderDetail | null>(null);
  const o = override && override.id === id ? override : order.data;
  usePageTitle(rt('ratings.order.title', { id }));
  if (!o && order.status === 'loading') return <Loading />;
  if (order.status === 'error' && !o) {
    if (order.error.status === 404) {
      return (
        <NotFound testId="order-not-found" title={rt('ratings.order.notFound')} detail={id}>
          <Link to="/officer/rectifications">{rt('ratings.order.back')}</Link>
        </NotFound>
      );
    }
    return <ErrorState error={order.error} onRetry={order.reload} />;
  }
  if (!o) return null;
  return <OrderView o={o} onChange={setOverride} reload={order.reload} />;
}

function Record({ title, r, testId }: { title: string; r: OrderRecord | null; testId: string }) {
  const rt = useRatingT();
  const f = useFormat();
  if (!r) return null;
  return (
    <div className="tb-order-record" data-testid={testId}>
      <h3>{title}</h3>
      {r.resolution && <p>{rt(`ratings.resolution.${r.resolution}`)}</p>}
      {r.reached !== undefined && <p>{r.reached ? rt('ratings.order.reached') : rt('ratings.order.notReached')}{r.reason === 'anonymous' ? `（${rt('ratings.order.anonymous')}）` : ''}</p>}
      {r.satisfied !== undefined && r.satisfied !== null && <p>{r.satisfied ? rt('ratings.order.satisfied') : rt('ratings.order.notSatisfied')}</p>}
      {r.note && <p>{r.note}</p>}
      <p className="tb-muted">{[r.byName, f.dateTime(r.at)].filter(Boolean).join(' · ')}</p>
    </div>
  );
}

function OrderView({ o, onChange, reload }: { o: OrderDetail; onChange: (o: OrderDetail) => void; reload: () => void }) {
  const rt = useRatingT();
  const f = useFormat();
  const lang = useTextLang();
  const [announce, setAnnounce] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  return (
    <article className="tb-page tb-order" data-testid="order" data-order-id={o.id} data-stage={o.stage}>
      <p><Link to="/officer/rectifications">{rt('ratings.order.back')}</Link></p>
      <h1 ref={headingRef} tabIndex={-1}>{rt('ratings.order.title', { id: o.id })}</h1>
      <p className="tb-lead">
        <L text={o.itemName} /> · <L text={o.org.name} /> ·{' '}
        <span className="tb-tag" data-testid="order-stage" data-stage={o.stage}>{rt(`ratings.stage.${o.stage}`)}</span>
        {o.overdue && <span className="tb-tag tb-tag--danger"> {rt('ratings.orders.overdue')}</span>}
        {o.escalated && <span className="tb-tag tb-tag--warn"> {rt('ratings.orders.escalated')}</span>}
      </p>
      <p className="tb-visually-hidden" role="status" data-testid="order-status">{announce}</p>

      <Section id="order-rating" title={rt('ratings.order.rating')}>
        <Facts
          facts={[
            { key: 'level', label: rt('ratings.order.rating'), value: <span data-testid="order-level">{rt(`ratings.level.${o.rating.level}`)}</span> },
            { key: 'reasons', label: rt('ratings.order.reasons'), value: o.rating.reasons.length ? f.list(o.rating.reasons.map((r) => (lang === 'en' ? r.en : r.zh))) : null },
            { key: 'comment', label: rt('ratings.order.comment'), value: o.rating.comment },
            { key: 'channel', label: rt('ratings.order.channel'), value: rt(`ratings.channel.${o.rating.channel}` as RatingKey) },
            { key: 'who', label: rt('ratings.order.evaluator'), value: <span data-testid="order-evaluator">{o.evaluator.known ? (o.evaluator.name === '匿名' ? rt('ratings.order.anonymous') : o.evaluator.name) : rt('ratings.order.unknownPerson')}</span> },
            { key: 'phone', label: rt('ratings.order.phone'), value: o.evaluator.phone },
            { key: 'case', label: rt('ratings.order.case'), value: o.case ? <span className="tb-mono">{o.case.receiptNo || o.case.id}</span> : null },
          ]}
        />
      </Section>

      <Section id="order-due" title={rt('ratings.order.deadlines')}>
        <Facts
          facts={[
            { key: 'v', label: rt('ratings.order.due.verify'), value: <span data-testid="order-due-verify">{f.day(o.due.verify)}</span> },
            { key: 'r', label: rt('ratings.order.due.rectify'), value: <span data-testid="order-due-rectify">{f.day(o.due.rectify)}</span> },
            { key: 'c', label: rt('ratings.order.due.callback'), value: o.due.callback ? <span data-testid="order-due-callback">{f.day(o.due.callback)}</span> : null },
          ]}
        />
      </Section>

      {(o.verification || o.rectification || o.callback) && (
        <Section id="order-records" title={rt('ratings.order.records')}>
          <Record title={rt('ratings.order.verification')} r={o.verification} testId="order-verification" />
          <Record title={rt('ratings.order.rectification')} r={o.rectification} testId="order-rectification" />
          <Record title={rt('ratings.order.callback')} r={o.callback} testId="order-callback" />
        </Section>
      )}

      <Section id="order-act" title={rt('ratings.order.nextStep')}>
        {o.stage === 'closed' ? <p>{rt('ratings.order.closedNote')}</p> : o.allowedActions.length === 0 ? <p>{rt('ratings.order.readOnly')}</p> : (
          <ActionForm
            o={o}
            onDone={(next, action) => {
              onChange(next);
              setAnnounce(rt('ratings.order.done', { action: rt(`ratings.order.action.${action}`) }));
              requestAnimationFrame(() => headingRef.current?.focus());
            }}
            onStale={reload}
          />
        )}
      </Section>

      <Section id="order-history" title={rt('ratings.order.history')}>
        <ol className="tb-order-history">
          {o.history.map((e) => (
            <li key={e.seq} data-testid="order-event" data-kind={e.kind}>
              <time dateTime={e.at}>{f.dateTime(e.at)}</time> · {rt(`ratings.order.event.${e.kind}` as RatingKey)}
              {e.actor.name ? ` · ${e.actor.name}` : ''}
              {typeof e.detail.note === 'string' && e.detail.note ? `：${e.detail.note}` : ''}
            </li>
          ))}
        </ol>
      </Section>
      {lang === 'en' && <span lang="zh-CN" className="tb-visually-hidden">{pick(o.itemName, 'zh')}</span>}
    </article>
  );
}

function ActionForm({ o, onDone, onStale }: { o: OrderDetail; onDone: (o: OrderDetail, action: OrderAction) => void; onStale: () => void }) {
  const rt = useRatingT();
  const id = useId();
  const [action, setAction] = useState<OrderAction>(o.allowedActions[0]!);
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState<'fixed' | 'fixed_later'>('fixed');
  const [reached, setReached] = useState(true);
  const [satisfied, setSatisfied] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const message = useErrorMessage(error ?? new ApiError(0, undefined));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: OrderActionBody = { action, revision: o.revision, ...(note.trim() ? { note: note.trim() } : {}) };
    if (action === 'rectify') body.resolution = resolution;
    if (action === 'callback') Object.assign(body, { reached, satisfied });
    try {
      const next = await actOnOrder(o.id, body);
      setNote('');
      setAction(next.allowedActions[0] ?? 'close');
      onDone(next, action);
    } catch (err) {
      const failure = err instanceof ApiError ? err : new ApiError(0, undefined);
      if (failure.problem?.code === 'rectification.stale_revision') onStale();
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="tb-form" onSubmit={(e) => void submit(e)} noValidate data-testid="order-form">
      <fieldset className="tb-order-actions">
        <legend className="tb-label">{rt('ratings.order.nextStep')}</legend>
        {o.allowedActions.map((a) => (
          <label key={a} className="tb-rating-check" data-testid={`order-action-${a}`}>
            <input type="radio" name={`${id}-action`} value={a} checked={action === a} onChange={() => setAction(a)} />
            <span>{rt(`ratings.order.action.${a}`)}</span>
          </label>
        ))}
      </fieldset>
      {action === 'rectify' && (
        <div className="tb-field">
          <label className="tb-label" htmlFor={`${id}-res`}>{rt('ratings.order.resolutionLabel')}</label>
          <select id={`${id}-res`} className="tb-select" value={resolution} onChange={(e) => setResolution(e.target.value === 'fixed_later' ? 'fixed_later' : 'fixed')}>
            <option value="fixed">{rt('ratings.resolution.fixed')}</option>
            <option value="fixed_later">{rt('ratings.resolution.fixed_later')}</option>
          </select>
        </div>
      )}
      {action === 'callback' && (
        <>
          <label className="tb-rating-check" data-testid="order-reached">
            <input type="checkbox" checked={reached} onChange={(e) => setReached(e.target.checked)} />
            <span>{rt('ratings.order.reachedLabel')}</span>
          </label>
          <label className="tb-rating-check" data-testid="order-satisfied">
            <input type="checkbox" checked={satisfied} onChange={(e) => setSatisfied(e.target.checked)} />
            <span>{rt('ratings.order.satisfiedLabel')}</span>
          </label>
        </>
      )}
      <div className="tb-field">
        <label className="tb-label" htmlFor={`${id}-note`}>{rt('ratings.order.note')}</label>
        <p className="tb-hint" id={`${id}-note-hint`}>{rt('ratings.order.noteHint')}</p>
        <textarea id={`${id}-note`} className="tb-textarea" rows={3} maxLength={2000} aria-describedby={`${id}-note-hint`} value={note} onChange={(e) => setNote(e.target.value)} data-testid="order-note" />
      </div>
      {error && <p className="tb-field-error" role="alert" data-testid="order-error">{rt('ratings.order.failed')}：{message}</p>}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="order-submit">{rt(`ratings.order.action.${action}`)}</Button>
    </form>
  );
}
