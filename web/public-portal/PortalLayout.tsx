import { Flex, Layout, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, ScrollRestoration } from 'react-router-dom';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of every public page: the product's name, the way to report and to track, and the footer. */
export function PortalLayout() {
  const { t } = useTranslation();
  return (
    <Layout className="portal">
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <Layout.Header className="portal-header">
        <div className="portal-container portal-header-inner">
          <Link to="/" className="portal-brand" aria-label={t('layout.homeLink')}>
            <span className="portal-brand-mark" aria-hidden="true">
              {t('product.name')}
            </span>
            <span className="portal-brand-text">
              <span className="portal-brand-name">{t('product.name')}</span>
              <span className="portal-brand-sep"> · </span>
              <span className="portal-brand-tagline">{t('product.tagline')}</span>
            </span>
          </Link>
          <nav className="portal-nav no-print" aria-label={t('layout.mainNavigation')}>
            <NavLink to="/report" className="portal-nav-link">
              {t('layout.nav.report')}
            </NavLink>
            <NavLink to="/track" className="portal-nav-link">
              {t('layout.nav.track')}
            </NavLink>
            <NavLink to="/guidance" className="portal-nav-link" data-testid="nav-guidance">
              {t('guidance.navLink')}
            </NavLink>
            <NavLink to="/transparency" className="portal-nav-link" data-testid="nav-transparency">
              {t('transparency.navLink')}
            </NavLink>
            <LanguageSwitch />
          </nav>
        </div>
      </Layout.Header>
      <Layout.Content id="main" className="portal-main" tabIndex={-1}>
        <div className="portal-container">
          <Suspense
            fallback={
              <Flex justify="center" className="page-loading">
                <Spin size="large" />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </div>
      </Layout.Content>
      <Layout.Footer className="portal-footer">
        <div className="portal-container">
          <Flex vertical gap={4}>
            <Typography.Text strong>
              {t('product.name')} · {t('product.tagline')}
            </Typography.Text>
            <Typography.Text type="secondary">{t('layout.footer.scope')}</Typography.Text>
            <Typography.Text type="secondary">{t('layout.footer.free')}</Typography.Text>
            <Typography.Text type="secondary">{t('layout.footer.emergency')}</Typography.Text>
            <Link to="/workbench/login" className="portal-staff-link" data-testid="staff-sign-in">
              {t('layout.footer.staffLink')}
            </Link>
          </Flex>
        </div>
      </Layout.Footer>
      <ScrollRestoration />
    </Layout>
  );
}
