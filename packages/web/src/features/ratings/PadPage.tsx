/**
 * The counter tablet's rating page (/pad/:token, no sign-in: the one-time token is the credential): the window and
 * the item, five large level buttons, the offline reasons and a comment; thanks once sent. Large touch targets and
 * text for older people; nothing personal is shown.
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Result } from 'antd';
import { ApiError } from '../../shared/http.ts';
import { Loading, useErrorMessage } from '../../shared/Feedback.tsx';
import { pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { getPad, ratePad, type RatingBody } from './ratings.api.ts';
import { useRatingT } from './ratings.i18n.ts';
import { RatingForm } from './RatingForm.tsx';
import './ratings.css';

export function PadPage() {
  const { token = '' } = useParams();
  const rt = useRatingT();
  const lang = useTextLang();
  usePageTitle(rt('ratings.pad.title'));
  const pad = useAsync((signal) => getPad(token, signal), [token]);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const message = useErrorMessage(error ?? new ApiError(0, undefined));

  if (pad.status === 'loading') return <Loading />;
  if (sent) {
    return (
      <div className="tb-page tb-pad" data-testid="pad-thanks">
        <Result status="success" title={<h1>{rt('ratings.pad.thanks')}</h1>} subTitle={rt('ratings.pad.thanksHint')} />
      </div>
    );
  }
  if (pad.status === 'error' || !pad.data) {
    return (
      <div className="tb-page tb-pad" data-testid="pad-invalid">
        <Result status="warning" title={<h1>{rt('ratings.pad.invalid')}</h1>} subTitle={rt('ratings.pad.invalidHint')} />
      </div>
    );
  }
  const info = pad.data;
  const send = async (body: RatingBody) => {
    setBusy(true);
    setError(null);
    try {
      await ratePad(token, body);
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="tb-page tb-pad" data-testid="pad">
      <h1>{rt('ratings.pad.title')}</h1>
      <p className="tb-lead">{rt('ratings.pad.at', { org: pick(info.org.name, lang), item: pick(info.itemName, lang) })}</p>
      <RatingForm
        large
        reasons={info.reasons}
        commentMax={info.commentMax}
        submitLabel={rt('ratings.pad.submit')}
        busy={busy}
        onSubmit={(b) => void send(b)}
        error={error ? `${rt('ratings.pad.failed')}：${message}` : null}
      />
    </div>
  );
}
