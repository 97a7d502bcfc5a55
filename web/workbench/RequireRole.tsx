import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../contracts/orgs';
import { hasRole, useMe } from '../features/auth/session';
import { LinkButton } from '../shared/LinkButton';

/**
 * A workbench page for some roles only. The navigation hides what the person may not use; this
 * answers someone who typed the address. The server decides in any case.
 */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (hasRole(me.data, ...roles)) return children;
  return (
    <Result
      status="403"
      title={<h1 className="result-heading">{t('workbench.forbidden.title')}</h1>}
      subTitle={t('workbench.forbidden.text')}
      extra={
        <LinkButton to="/workbench" type="primary">
          {t('workbench.backHome')}
        </LinkButton>
      }
    />
  );
}
