import { Card, Flex, List, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { NearDuplicateReport } from './api';
import { formatSimilarity } from './near-duplicates';

/** Reports whose texts are nearly the same as this one's, most similar first, with their similarity. */
export function NearDuplicatesCard({ nearDuplicates }: { nearDuplicates: NearDuplicateReport[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={<h2 className="card-heading">{t('nearDuplicates.title')}</h2>} data-testid="near-duplicates">
      <List
        size="small"
        dataSource={nearDuplicates}
        locale={{ emptyText: t('nearDuplicates.empty') }}
        renderItem={(item) => {
          const percent = formatSimilarity(item.similarity, i18n.language);
          return (
            <List.Item key={item.reportId}>
              <Flex justify="space-between" align="center" gap={12} wrap className="full-width">
                <Link to={`/workbench/triage/${item.reportId}`} className="mono">
                  {item.trackingCode ?? item.reportId}
                </Link>
                <Flex align="center" gap={8}>
                  <Progress
                    percent={Math.round(item.similarity * 100)}
                    showInfo={false}
                    size="small"
                    style={{ width: 80 }}
                    aria-label={t('nearDuplicates.similarity', { percent })}
                  />
                  <Typography.Text>{t('nearDuplicates.similarity', { percent })}</Typography.Text>
                </Flex>
              </Flex>
            </List.Item>
          );
        }}
      />
      <Typography.Paragraph type="secondary" className="wb-cell-detail">
        {t('nearDuplicates.hint')}
      </Typography.Paragraph>
    </Card>
  );
}
