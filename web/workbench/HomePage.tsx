import { CheckCircleOutlined, ExclamationCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../features/auth/session';
import { formatDateTime } from '../shared/format';
import { sectionsFor, type WorkbenchSection } from './navigation';
import { PageHeader } from './PageHeader';

/** `/workbench`: a welcome with the person's organization and roles, and the sections they can open. */
export function WorkbenchHomePage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  const sections = sectionsFor(me.user.roles).filter(
    (section): section is WorkbenchSection & { key: Exclude<WorkbenchSection['key'], 'home'> } => section.key !== 'home',
  );

  return (
    <Flex vertical gap={24}>
      <PageHeader title={t('workbench.home.title', { name: me.user.displayName })} lead={t('workbench.home.lead')} />
      <Card title={<h2 className="card-heading">{t('workbench.home.accountTitle')}</h2>}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          items={[
            {
              key: 'org',
              label: t('workbench.home.organization'),
              children: (
                <Flex gap={8} wrap align="center">
                  <Typography.Text strong data-testid="home-org-name">
                    {me.organization.name}
                  </Typography.Text>
                  <Tag>{t(`orgKinds.${me.organization.kind}`)}</Tag>
                </Flex>
              ),
            },
            { key: 'region', label: t('workbench.home.region'), children: <span className="mono">{me.organization.regionCode}</span> },
            {
              key: 'roles',
              label: t('workbench.home.roles'),
              children: (
                <Flex gap={4} wrap data-testid="home-roles">
                  {me.user.roles.map((role) => (
                    <Tag key={role} color="blue">
                      {t(`roles.${role}`)}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'twoFactor',
              label: t('workbench.home.twoFactor'),
              children: me.user.twoFactor ? (
                <Tag color="success" icon={<CheckCircleOutlined />}>
                  {t('profile.twoFactor.on')}
                </Tag>
              ) : (
                <Link to="/workbench/enrol-two-factor" state={{ from: '/workbench' }}>
                  <Tag color="warning" icon={<ExclamationCircleOutlined />}>
                    {t('profile.twoFactor.off')}
                  </Tag>
                  {t('workbench.home.enrolNow')}
                </Link>
              ),
            },
            { key: 'session', label: t('workbench.home.signedInAt'), children: formatDateTime(me.session.createdAt, i18n.language) },
            { key: 'email', label: t('workbench.home.email'), children: me.user.email },
          ]}
        />
      </Card>

      {sections.length > 0 ? (
        <section aria-labelledby="home-sections">
          <Typography.Title level={2} id="home-sections" className="card-heading section-heading">
            {t('workbench.home.sectionsTitle')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            {sections.map((section) => (
              <Col key={section.key} xs={24} sm={12} xl={6}>
                <Link to={section.path} className="wb-section-link">
                  <Card hoverable className="wb-section-card">
                    <Flex gap={12} align="flex-start">
                      <span className="wb-section-icon" aria-hidden="true">
                        {section.icon}
                      </span>
                      <Flex vertical gap={4} className="wb-section-text">
                        <Typography.Text strong>
                          {t(`workbench.nav.${section.key}`)} <RightOutlined className="wb-section-arrow" />
                        </Typography.Text>
                        <Typography.Text type="secondary">{t(`workbench.home.sections.${section.key}`)}</Typography.Text>
                      </Flex>
                    </Flex>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </section>
      ) : (
        <Alert type="info" showIcon title={t('workbench.home.nothingYet')} />
      )}
    </Flex>
  );
}
