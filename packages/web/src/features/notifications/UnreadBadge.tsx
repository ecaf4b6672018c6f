/**
 * The unread count next to 消息 in the header. The number is shown visually (the element stays, hidden, at 0);
 * screen readers hear "3 unread" as part of the link instead.
 */
import { useUnreadCount } from './notifications.store.ts';
import { useCaseT } from '../cases/cases.i18n.ts';
import './notifications.css';

export function UnreadBadge() {
  const ct = useCaseT();
  const count = useUnreadCount();
  return (
    <>
      <span className="tb-count" data-testid="notifications-badge" data-count={count} aria-hidden="true" hidden={count === 0}>
        {count > 99 ? '99+' : count}
      </span>
      {count > 0 && <span className="tb-visually-hidden">{ct('notifications.unreadCount', { count })}</span>}
    </>
  );
}
