import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CorrelationPanel } from '../correlation/CorrelationPanel';

/**
 * What shares indicators with the entity (reports, cases, other entities, how many, which values,
 * how strongly), with the correlation graph.
 */
export function EntityCorrelationSlot({ entityId, displayName }: { entityId: string; displayName?: string }) {
  const { t } = useTranslation();
  const label = useMemo(() => ({ displayName }), [displayName]);
  return (
    <div data-slot="registry-correlation" data-entity-id={entityId}>
      <CorrelationPanel subjectType="entity" subjectId={entityId} subjectLabel={label} title={t('registry.page.shared')} />
    </div>
  );
}
