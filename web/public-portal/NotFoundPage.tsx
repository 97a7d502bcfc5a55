import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { LinkButton } from '../shared/LinkButton';

/** Any address the portal does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <title>{`${t('notFound.title')} · ${t('product.name')}`}</title>
      <Result
        status="404"
        title={<h1 className="result-heading">{t('notFound.title')}</h1>}
        subTitle={t('notFound.text')}
        extra={
          <LinkButton to="/" type="primary">
            {t('notFound.home')}
          </LinkButton>
        }
      />
    </>
  );
}
