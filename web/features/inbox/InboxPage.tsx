import { CheckOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Empty, Flex, Segmented, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { INBOX_QUERY_KEY, fetchInbox, markAllInboxRead, markInboxItemRead, type InboxItem, type InboxPage as Page } from './api';
import { inboxLinkTarget, localized, withAllRead, withItemRead } from './inbox-items';
import './inbox.css';
import { ErrorAlert } from '../../shared/ErrorAlert';

type Show = 'all' | 'unread';

/** `/workbench/inbox`: the person's notifications, newest first, unread ones marked. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [show, setShow] = useState<Show>('all');
  const language = i18n.language;

  const inbox = useInfiniteQuery({
    queryKey: [...INBOX_QUERY_KEY, 'list', show],
    queryFn: ({ pageParam, signal }) => fetchInbox({ unreadOnly: show === 'unread', before: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    staleTime: 15_000,
  });
  const items = useMemo(() => inbox.data?.pages.flatMap((page) => page.items) ?? [], [inbox.data]);
  const unreadCount = inbox.data?.pages[0]?.unreadCount ?? 0;

  /** Shows the change at once in every cached list, then asks the server for the truth. */
  const applyLocally = (update: (page: Page) => Page) => {
    queryClient.setQueriesData<InfiniteData<Page, string | null>>({ queryKey: [...INBOX_QUERY_KEY, 'list'] }, (data) =>
      data ? { ...data, pages: data.pages.map(update) } : data,
    );
    void queryClient.invalidateQueries({ queryKey: INBOX_QUERY_KEY });
  };

  const markRead = useMutation({
    mutationFn: (id: string) => markInboxItemRead(id),
    onSuccess: (_, id) => applyLocally((page) => withItemRead(page, id, new Date().toISOString())),
    onError: (error) => void message.error(describeError(error, t).title),
  });
  const markAll = useMutation({
    mutationFn: markAllInboxRead,
    onSuccess: ({ count }) => {
      applyLocally((page) => withAllRead(page, new Date().toISOString()));
      void message.success(t('inbox.allMarkedRead', { count }));
    },
    onError: (error) => void message.error(describeError(error, t).title),
  });

  const open = (item: InboxItem) => {
    const target = inboxLinkTarget(item.link);
    if (item.readAt === null) markRead.mutate(item.id);
    if (target) void navigate(target);
  };

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('inbox.title')}
        lead={t('inbox.lead')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void inbox.refetch()} loading={inbox.isRefetching}>
              {t('common.refresh')}
            </Button>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={unreadCount === 0}
              loading={markAll.isPending}
              onClick={() => markAll.mutate()}
              data-testid="inbox-read-all"
            >
              {t('inbox.markAllRead')}
            </Button>
          </>
        }
      />
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Segmented<Show>
          value={show}
          onChange={setShow}
          options={[
            { value: 'all', label: t('inbox.show.all') },
            { value: 'unread', label: t('inbox.show.unread') },
          ]}
        />
        <Typography.Text type="secondary" data-testid="inbox-unread-count">
          {t('inbox.unreadCount', { count: unreadCount })}
        </Typography.Text>
      </Flex>

      <ErrorAlert error={inbox.error} />
      {inbox.isPending ? (
        <Flex justify="center" className="page-loading">
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty description={show === 'unread' ? t('inbox.emptyUnread') : t('inbox.empty')} />
      ) : (
        <ul className="inbox-list" data-testid="inbox-list">
          {items.map((item) => {
            const unread = item.readAt === null;
            const target = inboxLinkTarget(item.link);
            return (
              <li
                key={item.id}
                className={unread ? 'inbox-item inbox-item-unread' : 'inbox-item'}
                data-testid="inbox-item"
                data-unread={unread}
              >
                <Flex gap={12} align="flex-start">
                  <span className="inbox-item-dot" aria-hidden>
                    {unread && <Badge status="processing" />}
                  </span>
                  <Flex vertical gap={4} className="inbox-item-main">
                    <Typography.Text strong={unread} className="inbox-item-title">
                      {unread && <span className="inbox-visually-hidden">{t('inbox.unreadMark')}</span>}
                      {localized(item.title, language)}
                    </Typography.Text>
                    <Typography.Paragraph
                      type="secondary"
                      className="inbox-item-body"
                      ellipsis={{ rows: 3, expandable: true, symbol: t('common.more') }}
                    >
                      {localized(item.body, language)}
                    </Typography.Paragraph>
                    <Flex gap={8} align="center" wrap>
                      <Typography.Text type="secondary" className="wb-cell-detail">
                        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, language)}</time>
                      </Typography.Text>
                      {target && (
                        <Button size="small" type="link" onClick={() => open(item)} data-testid="inbox-open" className="inbox-open">
                          {t('inbox.open')} <RightOutlined />
                        </Button>
                      )}
                      {unread && (
                        <Button
                          size="small"
                          onClick={() => markRead.mutate(item.id)}
                          loading={markRead.isPending && markRead.variables === item.id}
                          data-testid="inbox-mark-read"
                        >
                          {t('inbox.markRead')}
                        </Button>
                      )}
                    </Flex>
                  </Flex>
                </Flex>
              </li>
            );
          })}
        </ul>
      )}
      <Flex justify="center" vertical align="center" gap={4}>
        {inbox.hasNextPage ? (
          <Button onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage} data-testid="inbox-more">
            {t('inbox.loadMore')}
          </Button>
        ) : (
          items.length > 0 && <Typography.Text type="secondary">{t('inbox.end')}</Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}
