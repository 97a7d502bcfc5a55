import { BellOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useUnreadCount } from './hooks';
import './inbox.css';

/** The header's way to the inbox, with the number of unread notifications (polled every minute). */
export function InboxBell() {
  const { t } = useTranslation();
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  return (
    <Link
      to="/workbench/inbox"
      className="inbox-bell"
      data-testid="inbox-bell"
      data-unread={count}
      aria-label={count > 0 ? t('inbox.bellUnread', { count }) : t('inbox.title')}
    >
      <Badge count={count} size="small" overflowCount={99}>
        <BellOutlined className="inbox-bell-icon" aria-hidden />
      </Badge>
    </Link>
  );
}
