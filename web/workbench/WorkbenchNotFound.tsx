import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { LinkButton } from '../shared/LinkButton';

/** An address inside the workbench that leads nowhere. */
export function WorkbenchNotFound() {
  const { t } = useTranslation();
  return (
    <>
      <title>{`${t('notFound.title')} · ${t('workbench.title')}`}</title>
      <Result
        status="404"
        title={<h1 className="result-heading">{t('notFound.title')}</h1>}
        subTitle={t('workbench.notFound')}
        extra={
          <LinkButton to="/workbench" type="primary">
            {t('workbench.backHome')}
          </LinkButton>
        }
      />
    </>
  );
}
