/**
 * The 评价 card of a citizen's case page: for each subject of the case (the case, the window service, the online
 * service), the existing rating with a change button while the window is open, or the form to rate it now, and
 * the last day. A bad rating is answered with what happens next (verification within 1 working day).
 */
import { useState } from 'react';
import { Button } from 'antd';
import { Section } from '../../shared/Section.tsx';
import { ApiError } from '../../shared/http.ts';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { useFormat } from '../../shared/format.ts';
import { useTextLang } from '../../shared/text.tsx';
import { changeRating, getCaseRatings, getReasons, rateCase, type RatingBody } from './ratings.api.ts';
import { useRatingT } from './ratings.i18n.ts';
import { RatingForm } from './RatingForm.tsx';
import { isBad, type Rating, type ReasonLists, type Subject, type SubjectWindow } from './ratings.types.ts';
import './ratings.css';

const SHOWN: Subject[] = ['case', 'window', 'online'];

/** The rating card of one of my cases (mounted by features/cases/CasePage.tsx). */
export function RatingCard({ caseId }: { caseId: string }) {
  const rt = useRatingT();
  const data = useAsync(async (signal) => ({ mine: await getCaseRatings(caseId, signal), reasons: await getReasons(signal) }), [caseId]);
  if (!data.data) return null;
  const { mine, reasons } = data.data;
  const subjects = mine.subjects.filter((w) => SHOWN.includes(w.subject) && (w.rated || w.rateable || (w.subject === 'case' && w.why === 'not_closed')));
  if (!subjects.length) return null;
  return (
    <Section id="rating" title={rt('ratings.card.title')} testId="rating-card">
      <p className="tb-hint">{rt('ratings.card.intro')}</p>
      {subjects.map((w) => (
        <SubjectRating key={w.subject} caseId={caseId} w={w} rating={mine.ratings.find((r) => r.subject === w.subject) ?? null} reasons={reasons} onSaved={data.reload} />
      ))}
    </Section>
  );
}

function SubjectRating({ caseId, w, rating, reasons, onSaved }: { caseId: string; w: SubjectWindow; rating: Rating | null; reasons: ReasonLists; onSaved: () => void }) {
  const rt = useRatingT();
  const f = useFormat();
  const lang = useTextLang();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Rating | null>(null);
  const message = useErrorMessage(error ?? new ApiError(0, undefined));
  const headingId = `rating-${w.subject}-heading`;
  const list = w.subject === 'window' ? reasons.offline : reasons.online;
  const windowText = w.why === 'window_closed' ? rt('ratings.card.notRateable.window_closed', { date: f.day(w.lastDay ?? '') }) : w.lastDay ? rt('ratings.card.lastDay', { date: f.day(w.lastDay) }) : rt('ratings.card.noLimit');

  const save = async (body: RatingBody) => {
    setBusy(true);
    setError(null);
    try {
      const saved = rating ? await changeRating(caseId, w.subject, { ...body, revision: rating.revision }) : await rateCase(caseId, { ...body, subject: w.subject });
      setDone(saved);
      setEditing(false);
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tb-rating-subject" data-testid={`rating-subject-${w.subject}`} data-rated={rating ? 'true' : 'false'} aria-labelledby={headingId} role="group">
      <h3 id={headingId}>{rt(`ratings.card.subject.${w.subject}`)}</h3>
      <p role="status" className="tb-rating-status" data-testid="rating-done">
        {done ? (isBad(done.level) ? rt('ratings.card.thanksBad') : rt('ratings.card.thanks')) : ''}
      </p>
      {rating && !editing && (
        <div className="tb-rating-existing">
          <p data-testid="rating-existing" data-level={rating.level}>
            {rt('ratings.card.yourRating', { level: rt(`ratings.level.${rating.level}`) })}
            {rating.assessNumber > 1 && <span className="tb-muted"> · {rt('ratings.card.changed', { count: rating.assessNumber - 1 })}</span>}
          </p>
          {rating.reasons.length > 0 && <p className="tb-muted">{f.list(rating.reasons.map((r) => (lang === 'en' ? r.en : r.zh)))}</p>}
          {rating.comment && <p>{rating.comment}</p>}
          {w.rateable && (
            <Button onClick={() => setEditing(true)} data-testid="rating-change">{rt('ratings.card.change')}</Button>
          )}
        </div>
      )}
      {!rating && !w.rateable && w.why && <p className="tb-muted">{rt(`ratings.card.notRateable.${w.why}`, { date: f.day(w.lastDay ?? '') })}</p>}
      {((!rating && w.rateable) || editing) && (
        <RatingForm
          reasons={list}
          commentMax={reasons.commentMax}
          initial={rating ? { level: rating.level, reasons: rating.reasons.map((r) => r.code), comment: rating.comment ?? '', anonymous: rating.anonymous } : undefined}
          submitLabel={rating ? rt('ratings.card.save') : rt('ratings.card.submit')}
          busy={busy}
          onSubmit={(b) => void save(b)}
          onCancel={editing ? () => setEditing(false) : undefined}
          error={error ? `${rt('ratings.card.failed')}：${message}` : null}
        />
      )}
      {(w.rateable || w.why === 'window_closed') && <p className="tb-hint">{windowText}</p>}
    </div>
  );
}
