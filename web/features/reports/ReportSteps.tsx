import { Flex, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportStep } from '../../../contracts/reports';
import { formatDateTime } from '../../shared/format';

/** The colour of a step on the timeline; public notes are the result of a concluded case. */
export function reportStepColor(step: ReportStep): string {
  switch (step.status) {
    case 'accepted':
    case 'note':
      return 'green';
    case 'not_accepted':
      return 'gray';
    case 'received':
    case 'under_review':
    case 'merged':
      return 'blue';
  }
}

/**
 * The public steps of a report, newest first, with their times and notes: what the reporter reads
 * on the tracking page and the enterprise on its desk.
 */
export function ReportSteps({ steps, testId }: { steps: readonly ReportStep[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const newestFirst = [...steps].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  if (newestFirst.length === 0)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {t('track.noSteps')}
      </Typography.Text>
    );
  return (
    <Timeline
      data-testid={testId}
      items={newestFirst.map((step, index) => ({
        key: `${step.at}:${index}`,
        color: reportStepColor(step),
        content: (
          <Flex vertical gap={2}>
            <Typography.Text type="secondary">
              <time dateTime={step.at}>{formatDateTime(step.at, i18n.language)}</time>
            </Typography.Text>
            <Typography.Text strong>{step.title}</Typography.Text>
            {step.note && <Typography.Text type="secondary">{step.note}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}
