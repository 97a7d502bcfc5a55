import { Flex, Layout, Spin } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../public-portal/LanguageSwitch';
import './workbench.css';

/** The plain frame of signing in, accepting an invitation and enrolling: the name, the language, the form. */
export function AuthLayout() {
  const { t } = useTranslation();
  return (
    <Layout className="auth-layout">
      <Layout.Header className="auth-header">
        <Link to="/" className="wb-brand wb-brand-light" aria-label={t('workbench.brandHome')}>
          <span className="wb-brand-mark" aria-hidden="true">
            {t('product.name')}
          </span>
          <span className="wb-brand-text">{t('workbench.title')}</span>
        </Link>
        <div className="auth-header-actions">
          <LanguageSwitch />
        </div>
      </Layout.Header>
      <Layout.Content id="main" className="auth-main">
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
      <Layout.Footer className="auth-footer">{t('workbench.footer')}</Layout.Footer>
    </Layout>
  );
}
