/**
 * 消息 (/me/notifications): the signed-in person's messages, newest first; unread ones are marked and can be marked
 * read one by one or all at once. A message about a case links to it (and opening it marks the message read).
 */
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { EmptyState, Loading, useErrorMessage } from '../../shared/Feedback.tsx';
import { ApiError } from '../../shared/http.ts';
import { useFormat } from '../../shared/format.ts';
import { HiddenName, L } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { listNotifications, markNotificationRead } from './notifications.api.ts';
import { setUnreadCount } from './notifications.store.ts';
import type { InboxNotification } from './notifications.types.ts';
import { useCaseT } from '../cases/cases.i18n.ts';
import './notifications.css';

export function NotificationsPage() {
  const ct = useCaseT();
  usePageTitle(ct('notifications.title'));
  const list = useAsync(async (signal) => {
    const data = await listNotifications(false, signal);
    setUnreadCount(data.unread);
    return data;
  }, []);
  // read marks made on this page, by id
  const [readNow, setReadNow] = useState<Record<string, string>>({});
  const readRef = useRef(readNow);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [announce, setAnnounce] = useState('');
  const failureMessage = useErrorMessage(failure ?? new ApiError(0, undefined));

  const items = (list.data?.items ?? []).map((n) => (n.readAt || !readNow[n.id] ? n : { ...n, readAt: readNow[n.id] ?? null }));
  const unread = items.filter((n) => !n.readAt);

  const markRead = async (ids: string[], key: string) => {
    setBusy(key);
    setFailure(null);
    setAnnounce('');
    const marked: Record<string, string> = {};
    try {
      for (const id of ids) {
        await markNotificationRead(id);
        marked[id] = new Date().toISOString();
      }
      setAnnounce(ids.length === 1 ? ct('notifications.markedOne') : ct('notifications.markedAll'));
    } catch (err) {
      setFailure(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      const next = { ...readRef.current, ...marked };
      readRef.current = next;
      setReadNow(next);
      setUnreadCount((list.data?.items ?? []).filter((n) => !n.readAt && !next[n.id]).length);
      setBusy(null);
    }
  };

  return (
    <div className="tb-page tb-notifications" data-testid="notifications">
      <h1>{ct('notifications.title')}</h1>
      <p className="tb-lead">{ct('notifications.intro')}</p>
      <p className="tb-result-count" role="status">
        {list.data ? ct('notifications.summary', { count: items.length, unread: unread.length }) : ''}
      </p>
      <p className="tb-visually-hidden" role="status">{announce}</p>
      {list.status === 'error' && <GuardedError error={list.error} onRetry={list.reload} />}
      {failure && <Alert type="error" showIcon role="alert" className="tb-error" title={ct('notifications.markFailed')} description={failureMessage} />}
      {list.status === 'loading' && !list.data && <Loading />}
      {list.data && unread.length > 1 && (
        <p>
          <Button icon={<CheckOutlined aria-hidden="true" />} loading={busy === 'all'} disabled={busy !== null} onClick={() => void markRead(unread.map((n) => n.id), 'all')} data-testid="notifications-read-all">
            {ct('notifications.markAllRead')}
          </Button>
        </p>
      )}
      {list.data && items.length === 0 && (
        <EmptyState testId="notifications-empty" title={ct('notifications.empty')} />
      )}
      {items.length > 0 && (
        <ul className="tb-result-list" data-testid="notification-list">
          {items.map((n) => (
            <Item key={n.id} n={n} busy={busy} onRead={() => void markRead([n.id], n.id)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Item({ n, busy, onRead }: { n: InboxNotification; busy: string | null; onRead: () => void }) {
  const ct = useCaseT();
  const f = useFormat();
  const read = !!n.readAt;
  return (
    <li className={`tb-result tb-notification${read ? '' : ' tb-notification--unread'}`} data-testid="notification-item" data-id={n.id} data-kind={n.kind} data-read={read ? 'true' : 'false'} data-case-id={n.caseId ?? undefined}>
      <h2 className="tb-result-title tb-notification-title">
        {!read && <span className="tb-tag tb-tag--unread">{ct('notifications.unread')}</span>} <L text={n.title} />
      </h2>
      <p className="tb-notification-body">
        <L text={n.body} />
      </p>
      <p className="tb-muted">
        <time dateTime={n.createdAt}>{f.dateTime(n.createdAt)}</time>
      </p>
      <p className="tb-gate-actions">
        {n.caseId && (
          <Link className="tb-button-link" to={`/me/cases/${encodeURIComponent(n.caseId)}`} onClick={() => !read && onRead()} data-testid="notification-open">
            {ct('notifications.openCase')}
            <HiddenName text={n.title} />
          </Link>
        )}
        {!read && (
          <Button icon={<CheckOutlined aria-hidden="true" />} loading={busy === n.id} disabled={busy !== null} onClick={onRead} data-testid="notification-read">
            {ct('notifications.markRead')}
            <HiddenName text={n.title} />
          </Button>
        )}
      </p>
    </li>
  );
}
