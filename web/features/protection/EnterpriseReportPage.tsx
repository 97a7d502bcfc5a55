import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { ApiError } from '../../shared/problem';
import { showProblemOnForm } from '../../shared/form-errors';
import { LinkButton } from '../../shared/LinkButton';
import { PageHeader } from '../../workbench/PageHeader';
import { fetchPublicConfig } from '../reports/api';
import { LIMITS, evidenceFiles, isPlausiblePhone } from '../reports/report-form';
import { fetchDeskReporter, fileDeskReport } from './desk-api';
import { EvidenceField, MoneyFields, WhatHappenedFields } from '../reports/ReportFields';
import { DESK_FORM_FIELDS, toDeskReportBody, type DeskReportValues } from './desk-report-form';
import './protection.css';

/**
 * The enterprise desk's "report an extortion attempt": the public form's report fields, with who is
 * reporting shown as the enterprise's record has it, never typed again.
 */
export function EnterpriseReportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DeskReportValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const reporter = useQuery({ queryKey: ['protection', 'desk', 'reporter'], queryFn: ({ signal }) => fetchDeskReporter(signal) });
  // The evidence limits are the public form's, from the same settings.
  const config = useQuery({ queryKey: ['public-config'], queryFn: ({ signal }) => fetchPublicConfig(signal), staleTime: 5 * 60 * 1000 });
  const submit = useMutation({
    mutationFn: (values: DeskReportValues) => fileDeskReport(toDeskReportBody(values), evidenceFiles(values.evidence)),
    onSuccess: async (receipt) => {
      await queryClient.invalidateQueries({ queryKey: ['protection', 'desk', 'reports'] });
      void navigate(`/workbench/protection/reports/${receipt.id}`, { state: { filed: true } });
    },
    onError: (error) => {
      // Too many, too large or an unaccepted type of file: the server names no field, the files are the cause.
      if (error instanceof ApiError && (error.status === 413 || error.status === 415) && error.fieldErrors.length === 0) {
        const title = error.problem?.title || t('report.evidence.rejected');
        form.setFields([{ name: 'evidence', errors: [title] }]);
        form.scrollToField('evidence', { block: 'center' });
        setFormError({ title, detail: t('report.evidence.rejected') });
        return;
      }
      setFormError(showProblemOnForm(form, error, DESK_FORM_FIELDS, t));
    },
  });

  if (reporter.isPending || config.isPending) return <Spin size="large" />;
  if (reporter.isError || config.isError) {
    const error = describeError(reporter.error ?? config.error, t);
    return <Alert type="error" showIcon title={error.title} description={error.detail} />;
  }
  const { enterprise, contact } = reporter.data;
  const evidenceLimits = config.data.evidence;

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('enterpriseDesk.report.title')}
        lead={t('enterpriseDesk.report.lead')}
        extra={<LinkButton to="/workbench/protection/reports">{t('enterpriseDesk.reports.title')}</LinkButton>}
      />
      <Card title={t('enterpriseDesk.report.reporter')} size="small">
        <Descriptions
          column={{ xs: 1, sm: 2 }}
          size="small"
          data-testid="desk-reporter"
          items={[
            { key: 'name', label: t('report.fields.enterpriseName.label'), children: enterprise.name },
            { key: 'uscc', label: t('report.fields.uscc.label'), children: enterprise.uscc ?? t('protection.none') },
            { key: 'contact', label: t('report.fields.contactName.label'), children: contact.name },
            { key: 'email', label: t('report.fields.email.label'), children: contact.email },
          ]}
        />
        <Typography.Text type="secondary">{t('enterpriseDesk.report.reporterHint')}</Typography.Text>
      </Card>
      {!enterprise.uscc && <Alert type="warning" showIcon title={t('enterpriseDesk.report.noUscc')} />}
      <Form<DeskReportValues>
        form={form}
        name="desk-report"
        layout="vertical"
        requiredMark="optional"
        scrollToFirstError={{ block: 'center', focus: true }}
        initialValues={{ money: { currency: 'CNY' }, contactConsent: true, evidence: [] }}
        onFinish={(values) => {
          setFormError(null);
          submit.mutate(values);
        }}
        disabled={submit.isPending}
      >
        <Flex vertical gap={16}>
          <Card title={t('report.sections.what')} size="small">
            <WhatHappenedFields testIdPrefix="desk" descriptionRows={5} />
          </Card>
          <Card title={t('report.sections.money')} size="small">
            <MoneyFields inputClassName="report-field-full" />
          </Card>
          <Card title={t('report.sections.evidence')} size="small">
            <EvidenceField limits={evidenceLimits} sending={submit.isPending} inputTestId="desk-evidence-input" />
          </Card>
          <Card title={t('enterpriseDesk.report.contact')} size="small">
            <Form.Item
              name={['reporter', 'phone']}
              label={t('report.fields.phone.label')}
              extra={t('enterpriseDesk.report.phoneHint')}
              rules={[
                { max: LIMITS.phoneMax, message: t('report.fields.phone.invalid') },
                {
                  validator: async (_rule, value: string | undefined) => {
                    if (value && value.trim() && !isPlausiblePhone(value)) throw new Error(t('report.fields.phone.invalid'));
                  },
                },
              ]}
            >
              <Input data-testid="desk-phone" inputMode="tel" autoComplete="tel" maxLength={LIMITS.phoneMax} />
            </Form.Item>
            <Form.Item name="contactConsent" valuePropName="checked">
              <Checkbox>{t('report.fields.contactConsent.label')}</Checkbox>
            </Form.Item>
          </Card>
          {formError && <Alert type="error" showIcon title={formError.title} description={formError.detail} data-testid="desk-error" />}
          <Flex justify="flex-end">
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              icon={<SendOutlined />}
              loading={submit.isPending}
              disabled={!enterprise.uscc}
              data-testid="desk-submit"
            >
              {t('enterpriseDesk.report.submit')}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </Flex>
  );
}
