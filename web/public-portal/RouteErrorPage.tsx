import { Button, Flex, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { NotFoundPage } from './NotFoundPage';

/**
 * Shown when a page fails to render or its code cannot be loaded (typically after a new release
 * replaced the files an open tab still refers to); reloading fetches the current version.
 */
export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <Flex justify="center" className="route-error">
      <Result
        status="error"
        title={<h1 className="result-heading">{t('routeError.title')}</h1>}
        subTitle={t('routeError.text')}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('routeError.reload')}
          </Button>
        }
      />
    </Flex>
  );
}
