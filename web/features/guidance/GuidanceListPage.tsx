import { Card, Col, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import './guidance.css';
import { GUIDANCE_ARTICLES, guidanceLanguage } from './articles';

/** `/guidance`: the public guidance articles. */
export function GuidanceListPage() {
  const { t, i18n } = useTranslation();
  const language = guidanceLanguage(i18n.language);
  return (
    <Flex vertical gap={24}>
      <title>{`${t('guidance.title')} · ${t('product.name')}`}</title>
      <div>
        <Typography.Title level={1}>{t('guidance.title')}</Typography.Title>
        <Typography.Paragraph className="home-lead">{t('guidance.lead')}</Typography.Paragraph>
      </div>
      <Row gutter={[16, 16]}>
        {GUIDANCE_ARTICLES.map((article) => (
          <Col key={article.slug} xs={24} md={8}>
            <Card className="guidance-card">
              <Flex vertical gap={8}>
                <Typography.Title level={2} className="guidance-card-title">
                  <Link to={`/guidance/${article.slug}`}>{article.text[language].title}</Link>
                </Typography.Title>
                <Typography.Paragraph type="secondary">{article.text[language].summary}</Typography.Paragraph>
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}
