import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EntityKind, EntityStatus } from '../../../contracts/registry';

const STATUS_COLORS: Record<EntityStatus, string> = { suspected: 'orange', confirmed: 'red', cleared: 'green' };

export function EntityStatusTag({ status }: { status: EntityStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} className="no-margin">
      {t(`registry.status.${status}`)}
    </Tag>
  );
}

export function EntityKindTag({ kind }: { kind: EntityKind }) {
  const { t } = useTranslation();
  return <Tag className="no-margin">{t(`registry.kind.${kind}`)}</Tag>;
}

/** The name of an identifier type: the indicator types' names, and the two only the registry has. */
export function useIdentifierTypeLabel(): (type: string) => string {
  const { t, i18n } = useTranslation();
  return (type) =>
    type === 'account' || type === 'national_id'
      ? t(`registry.identifierType.${type}`)
      : i18n.exists(`indicatorType.${type}`)
        ? t(`indicatorType.${type}` as 'indicatorType.phone')
        : type;
}
