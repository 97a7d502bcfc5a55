import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Where the entity page will show what shares indicators with the entity (reports, cases, other
 * entities, how many, which values, how strongly). The correlation service fills it in; until then
 * it says so. Replace this component's body, not the page.
 */
export function EntityCorrelationSlot({ entityId }: { entityId: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('registry.page.shared')} data-slot="registry-correlation" data-entity-id={entityId}>
      <Typography.Text className="registry-shared-placeholder">{t('registry.page.sharedSoon')}</Typography.Text>
    </Card>
  );
}
