import { ApartmentOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout, Menu, Result, Spin, type MenuProps } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, ScrollRestoration, useLocation } from 'react-router-dom';
import type { Me } from '../../contracts/orgs';
import { ENROL_PATH, LOGIN_PATH, useMe, wasSignedOutOnPurpose, type ReturnState } from '../features/auth/session';
import { InboxBell } from '../features/inbox/InboxBell';
import { describeError } from '../shared/error-message';
import { sectionOf, sectionsFor, type WorkbenchSection } from './navigation';
import { UserMenu } from './UserMenu';
import './workbench.css';

/**
 * `/workbench/*`: only for someone signed in who has met the two-factor requirement of their roles.
 * Everyone else is sent to sign in (or to enrol), and brought back here afterwards.
 */
export function WorkbenchLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const state: ReturnState = { from: `${location.pathname}${location.search}` };

  if (me.isPending) {
    return (
      <Flex justify="center" align="center" className="wb-loading">
        <Spin size="large" />
      </Flex>
    );
  }
  if (me.isError) {
    const message = describeError(me.error, t);
    return (
      <Flex justify="center" align="center" className="wb-loading">
        <Result
          status="error"
          title={<h1 className="result-heading">{message.title}</h1>}
          subTitle={message.detail}
          extra={
            <Button type="primary" onClick={() => void me.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </Flex>
    );
  }
  if (!me.data) return <Navigate to={LOGIN_PATH} replace {...(wasSignedOutOnPurpose() ? {} : { state })} />;
  if (me.data.user.enrolmentRequired) return <Navigate to={ENROL_PATH} replace state={state} />;
  return <Shell me={me.data} />;
}

type MenuItem = NonNullable<MenuProps['items']>[number];

function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/workbench" className="wb-brand" aria-label={t('workbench.brandHome')}>
      <span className="wb-brand-mark" aria-hidden="true">
        {t('product.name')}
      </span>
      <span className="wb-brand-text">{t('workbench.title')}</span>
    </Link>
  );
}

function Shell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg === true;
  // The drawer belongs to the page it was opened on: following any link in it closes it.
  const [drawerOpenAt, setDrawerOpenAt] = useState<string | null>(null);
  const drawerOpen = drawerOpenAt === location.pathname;
  const setDrawerOpen = (open: boolean) => setDrawerOpenAt(open ? location.pathname : null);
  const language = t('layout.otherLanguage');

  const items = useMemo<MenuProps['items']>(() => {
    const sections = sectionsFor(me.user.roles);
    const link = (section: WorkbenchSection) => ({
      key: section.path,
      icon: section.icon,
      label: (
        <Link to={section.path} data-testid={`nav-${section.key}`}>
          {t(`workbench.nav.${section.key}`)}
        </Link>
      ),
    });
    const groups: { group: WorkbenchSection['group']; label: string | null }[] = [
      { group: 'main', label: null },
      { group: 'administration', label: t('workbench.nav.groupAdministration') },
      { group: 'oversight', label: t('workbench.nav.groupOversight') },
    ];
    return groups.flatMap<MenuItem>(({ group, label }) => {
      const inGroup = sections.filter((section) => section.group === group);
      if (inGroup.length === 0) return [];
      return label ? [{ type: 'group' as const, key: group, label, children: inGroup.map(link) }] : inGroup.map(link);
    });
    // The labels follow the language.
  }, [me.user.roles, t, language]);

  const selected = sectionOf(location.pathname)?.path;
  const menu = (
    <nav aria-label={t('workbench.nav.label')}>
      <Menu
        mode="inline"
        className="wb-menu"
        selectedKeys={selected ? [selected] : []}
        items={items}
        onClick={() => setDrawerOpen(false)}
      />
    </nav>
  );

  return (
    <Layout className="workbench" hasSider={wide}>
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      {wide && (
        <Layout.Sider width={232} theme="light" className="wb-sider">
          <div className="wb-sider-brand">
            <Brand />
          </div>
          {menu}
        </Layout.Sider>
      )}
      <Layout className="wb-body">
        <Layout.Header className="wb-header">
          {!wide && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('workbench.nav.open')}
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
              data-testid="nav-open"
              className="wb-menu-button"
            />
          )}
          <div className="wb-header-org" data-testid="org-name" title={me.organization.name}>
            <ApartmentOutlined aria-hidden className="wb-header-org-icon" />
            <span className="wb-header-org-name">{me.organization.name}</span>
          </div>
          <InboxBell />
          <UserMenu me={me} />
        </Layout.Header>
        <Layout.Content id="main" className="wb-content" tabIndex={-1}>
          <Suspense
            fallback={
              <Flex justify="center" className="page-loading">
                <Spin size="large" />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {!wide && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={280}
          title={<Brand />}
          className="wb-drawer"
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      )}
      <ScrollRestoration />
    </Layout>
  );
}
