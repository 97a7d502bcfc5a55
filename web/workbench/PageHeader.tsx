import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface PageHeaderProps {
  title: string;
  lead?: ReactNode;
  /** Actions for the whole page (create, refresh); they wrap below the title on a phone. */
  extra?: ReactNode;
}

/** A workbench page's heading, the document title, and the page's main actions. */
export function PageHeader({ title, lead, extra }: PageHeaderProps) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="flex-start" gap={12} wrap className="wb-page-header">
      <title>{`${title} · ${t('workbench.title')} · ${t('product.name')}`}</title>
      <div className="wb-page-heading">
        <Typography.Title level={1} className="wb-page-title">
          {title}
        </Typography.Title>
        {lead && (
          <Typography.Paragraph type="secondary" className="wb-page-lead">
            {lead}
          </Typography.Paragraph>
        )}
      </div>
      {extra && (
        <Flex gap={8} wrap className="wb-page-actions">
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
