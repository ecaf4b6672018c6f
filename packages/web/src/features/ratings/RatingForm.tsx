/**
 * The rating form shared by the case page's card and the counter pad: the five levels as large radio buttons with
 * stars and words, then (for any level) the reasons of the channel family as checkboxes, a comment and the
 * anonymous switch. Native inputs in a fieldset, so that every control has a name and keyboard use is the browser's.
 */
import { useId, useState, type FormEvent } from 'react';
import { Button } from 'antd';
import { StarFilled } from '@ant-design/icons';
import { useTextLang } from '../../shared/text.tsx';
import { useRatingT } from './ratings.i18n.ts';
import { LEVELS, STARS, type Level, type Reason } from './ratings.types.ts';
import type { RatingBody } from './ratings.api.ts';

export function RatingForm({ reasons, commentMax, initial, submitLabel, busy, large, showAnonymous = true, onSubmit, onCancel, error }: {
  reasons: Reason[];
  commentMax: number;
  initial?: Partial<RatingBody>;
  submitLabel: string;
  busy: boolean;
  large?: boolean;
  showAnonymous?: boolean;
  onSubmit: (body: RatingBody) => void;
  onCancel?: () => void;
  error?: string | null;
}) {
  const rt = useRatingT();
  const lang = useTextLang();
  const id = useId();
  const [level, setLevel] = useState<Level | null>(initial?.level ?? null);
  const [chosen, setChosen] = useState<string[]>(initial?.reasons ?? []);
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [anonymous, setAnonymous] = useState(initial?.anonymous ?? false);
  const [levelError, setLevelError] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!level) {
      setLevelError(true);
      document.getElementById(`${id}-level-${LEVELS[0]}`)?.focus();
      return;
    }
    onSubmit({ level, reasons: chosen, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(showAnonymous ? { anonymous } : {}) });
  };
  const toggle = (code: string) => setChosen((c) => (c.includes(code) ? c.filter((x) => x !== code) : [...c, code]));

  return (
    <form className={`tb-rating-form${large ? ' tb-rating-form--large' : ''}`} onSubmit={submit} noValidate data-testid="rating-form">
      <fieldset className="tb-rating-levels" aria-describedby={levelError ? `${id}-level-error` : undefined}>
        <legend className="tb-label">{large ? rt('ratings.pad.chooseLevel') : rt('ratings.card.level')}</legend>
        {LEVELS.map((l) => (
          <label key={l} className={`tb-rating-level${level === l ? ' is-checked' : ''}`} data-testid={`rating-level-${l}`}>
            <input
              type="radio"
              id={`${id}-level-${l}`}
              name={`${id}-level`}
              value={l}
              checked={level === l}
              onChange={() => {
                setLevel(l);
                setLevelError(false);
              }}
            />
            <span className="tb-rating-stars" aria-hidden="true">
              {Array.from({ length: STARS[l] }, (_, i) => <StarFilled key={i} />)}
            </span>
            <span className="tb-rating-word">{rt(`ratings.level.${l}`)}</span>
          </label>
        ))}
        {levelError && <p className="tb-field-error" id={`${id}-level-error`} role="alert">{rt('ratings.pad.chooseLevel')}</p>}
      </fieldset>

      {level && (
        <fieldset className="tb-rating-reasons">
          <legend className="tb-label">{large ? rt('ratings.pad.reasons') : rt('ratings.card.reasons')}</legend>
          {!large && <p className="tb-hint">{rt('ratings.card.reasonsHint')}</p>}
          {reasons.map((r) => (
            <label key={r.code} className={`tb-rating-reason${chosen.includes(r.code) ? ' is-checked' : ''}`} data-testid={`rating-reason-${r.code}`}>
              <input type="checkbox" checked={chosen.includes(r.code)} onChange={() => toggle(r.code)} />
              <span>{lang === 'en' ? r.en : r.zh}</span>
            </label>
          ))}
        </fieldset>
      )}

      {level && (
        <div className="tb-field">
          <label className="tb-label" htmlFor={`${id}-comment`}>{rt('ratings.card.comment')}</label>
          <p className="tb-hint" id={`${id}-comment-hint`}>{rt('ratings.card.commentHint', { max: commentMax })}</p>
          <textarea
            id={`${id}-comment`}
            className="tb-textarea"
            aria-describedby={`${id}-comment-hint`}
            rows={large ? 3 : 4}
            maxLength={commentMax}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="rating-comment"
          />
        </div>
      )}

      {level && showAnonymous && (
        <div className="tb-field">
          <label className="tb-rating-check" htmlFor={`${id}-anon`}>
            <input id={`${id}-anon`} type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} aria-describedby={`${id}-anon-hint`} data-testid="rating-anonymous" />
            <span>{rt('ratings.card.anonymous')}</span>
          </label>
          <p className="tb-hint" id={`${id}-anon-hint`}>{rt('ratings.card.anonymousHint')}</p>
        </div>
      )}

      {error && <p className="tb-field-error" role="alert" data-testid="rating-error">{error}</p>}
      <div className="tb-actions">
        <Button type="primary" htmlType="submit" size={large ? 'large' : 'middle'} loading={busy} data-testid="rating-submit" className="tb-rating-submit">
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{rt('ratings.card.cancel')}</Button>}
      </div>
    </form>
  );
}
