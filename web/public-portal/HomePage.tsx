import {
  AlertOutlined,
  DeleteOutlined,
  EditOutlined,
  FileProtectOutlined,
  FormOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Steps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { ReportCategory } from '../../contracts/reports';
import { TrackLookupForm } from '../features/reports/TrackLookupForm';
import { LinkButton } from '../shared/LinkButton';

/** The kinds of wrongdoing the portal takes reports of, as shown on the home page. */
const HOME_CATEGORIES: { category: Exclude<ReportCategory, 'other'>; icon: ReactNode }[] = [
  { category: 'online_extortion', icon: <AlertOutlined /> },
  { category: 'paid_deletion', icon: <DeleteOutlined /> },
  { category: 'paid_posting', icon: <EditOutlined /> },
  { category: 'fake_news_outlet', icon: <FileProtectOutlined /> },
];

/** `/`: what can be reported, how it works, and where to follow a report already filed. */
export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();

  return (
    <Flex vertical gap={32}>
      <title>{`${t('product.name')} · ${t('product.tagline')}`}</title>
      <section className="home-hero" aria-labelledby="home-title">
        <Typography.Title id="home-title" level={1}>
          {t('home.title')}
        </Typography.Title>
        <Typography.Paragraph className="home-lead">{t('home.lead')}</Typography.Paragraph>
        <Flex gap={12} wrap>
          <LinkButton to="/report" type="primary" size="large" icon={<FormOutlined />}>
            {t('home.reportButton')}
          </LinkButton>
          <Button href="#home-track" size="large" icon={<SearchOutlined />}>
            {t('home.trackButton')}
          </Button>
        </Flex>
      </section>

      <section aria-labelledby="home-categories">
        <Typography.Title id="home-categories" level={2}>
          {t('home.categoriesTitle')}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {HOME_CATEGORIES.map(({ category, icon }) => (
            <Col key={category} xs={24} sm={12} lg={6}>
              <Card className="category-card">
                <Flex vertical gap={8}>
                  <Flex align="center" gap={10}>
                    <span className="category-icon" aria-hidden="true">
                      {icon}
                    </span>
                    <Typography.Title level={3} className="category-title">
                      {t(`category.${category}.label`)}
                    </Typography.Title>
                  </Flex>
                  <Typography.Paragraph type="secondary" className="category-text">
                    {t(`category.${category}.description`)}
                  </Typography.Paragraph>
                </Flex>
              </Card>
            </Col>
          ))}
        </Row>
      </section>

      <Row gutter={[24, 24]}>
        <Col xs={24} lg={14}>
          <section aria-labelledby="home-how">
            <Typography.Title id="home-how" level={2}>
              {t('home.howTitle')}
            </Typography.Title>
            <Steps
              orientation="vertical"
              items={[
                { title: t('home.how.report.title'), content: t('home.how.report.text'), icon: <FormOutlined />, status: 'process' },
                { title: t('home.how.keep.title'), content: t('home.how.keep.text'), icon: <KeyOutlined />, status: 'process' },
                { title: t('home.how.track.title'), content: t('home.how.track.text'), icon: <SearchOutlined />, status: 'process' },
              ]}
            />
            <Alert
              className="home-notice"
              type="warning"
              showIcon
              icon={<SafetyCertificateOutlined />}
              title={t('home.notice.title')}
              description={t('home.notice.text')}
            />
          </section>
        </Col>
        <Col xs={24} lg={10}>
          <Card id="home-track" title={<span id="home-track-title">{t('home.trackTitle')}</span>} aria-labelledby="home-track-title">
            <Typography.Paragraph type="secondary">{t('home.trackText')}</Typography.Paragraph>
            <TrackLookupForm name="home-track" onLookup={(code, key) => void navigate(`/track/${code}`, { state: { accessKey: key } })} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
