import { FormOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { NotFoundPage } from '../../public-portal/NotFoundPage';
import { LinkButton } from '../../shared/LinkButton';
import './guidance.css';
import { findArticle, guidanceLanguage } from './articles';

/** `/guidance/:slug`: one guidance article in the reader's language. */
export function GuidanceArticlePage() {
  const { t, i18n } = useTranslation();
  const article = findArticle(useParams<{ slug: string }>().slug);
  if (!article) return <NotFoundPage />;
  const text = article.text[guidanceLanguage(i18n.language)];
  return (
    <article className="guidance-article">
      <title>{`${text.title} · ${t('guidance.title')} · ${t('product.name')}`}</title>
      <Flex vertical gap={8}>
        <Link to="/guidance">{t('guidance.back')}</Link>
        <Typography.Title level={1}>{text.title}</Typography.Title>
        <Typography.Paragraph className="home-lead">{text.summary}</Typography.Paragraph>
        {text.sections.map((section) => (
          <section key={section.heading}>
            <Typography.Title level={2}>{section.heading}</Typography.Title>
            {section.paragraphs.map((paragraph) => (
              <Typography.Paragraph key={paragraph}>{paragraph}</Typography.Paragraph>
            ))}
            {section.points && (
              <ul className="guidance-points">
                {section.points.map((point) => (
                  <li key={point}>{point}</li>
                ))}
              </ul>
            )}
          </section>
        ))}
        {article.provisions.length > 0 && (
          <Typography.Paragraph type="secondary">
            {t('guidance.provisions', { codes: article.provisions.join(t('guidance.listSeparator')) })}
          </Typography.Paragraph>
        )}
        {article.callToAction === 'report' && (
          <Flex gap={12} wrap>
            <LinkButton to="/report" type="primary" size="large" icon={<FormOutlined />}>
              {t('guidance.reportButton')}
            </LinkButton>
          </Flex>
        )}
      </Flex>
    </article>
  );
}
