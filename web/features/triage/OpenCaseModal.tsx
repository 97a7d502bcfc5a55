import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Select, Switch } from 'antd';
import { FormModal } from '../../shared/FormModal';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_PRIORITIES, TARGET_KINDS, type CasePriority, type TargetKind } from '../../../contracts/cases';
import { REPORT_CATEGORIES, type ReportCategory } from '../../../contracts/reports';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { caseKeys, openCase, type CaseDetail } from '../cases/api';
import { RoutingOverrideFields } from '../cases/RoutingOverrideFields';
import { triageKeys } from './api';

interface OpenCaseValues {
  title: string;
  category: ReportCategory;
  regionCode: string;
  priority: CasePriority;
  tags?: string[];
  targetKind?: TargetKind;
  targetFilingRegionCode?: string;
  moneyPaid: boolean;
  summary?: string;
  overriding: boolean;
  override?: { leadOrgId: string; assistingOrgIds?: string[]; reason: string };
}

const FIELDS = [
  'title',
  'category',
  'regionCode',
  'priority',
  'tags',
  'targetKind',
  'targetFilingRegionCode',
  'moneyPaid',
  'summary',
  'override.leadOrgId',
  'override.assistingOrgIds',
  'override.reason',
] as const;

const REGION = /^[1-9][0-9]{5}$/;

export interface OpenCaseTarget {
  reportIds: string[];
  category: ReportCategory;
  moneyPaid: boolean;
}

/** Opens a case from reports: title, category, region, priority, and optionally the agencies chosen by hand. */
export function OpenCaseModal({
  target,
  onClose,
  onOpened,
}: {
  target: OpenCaseTarget | null;
  onClose: () => void;
  onOpened: (c: CaseDetail) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OpenCaseValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const overriding = Form.useWatch('overriding', form) ?? false;
  const targetKind = Form.useWatch('targetKind', form);
  useEffect(() => setFormError(null), [target]);

  const save = useMutation({
    mutationFn: (values: OpenCaseValues) =>
      openCase({
        reportIds: target?.reportIds ?? [],
        title: values.title.trim(),
        category: values.category,
        regionCode: values.regionCode,
        priority: values.priority,
        moneyPaid: values.moneyPaid,
        ...(values.tags?.length ? { tags: values.tags } : {}),
        ...(values.targetKind ? { targetKind: values.targetKind } : {}),
        ...(values.targetFilingRegionCode ? { targetFilingRegionCode: values.targetFilingRegionCode } : {}),
        ...(values.summary?.trim() ? { summary: values.summary.trim() } : {}),
        ...(values.overriding && values.override
          ? {
              override: {
                leadOrgId: values.override.leadOrgId,
                assistingOrgIds: values.override.assistingOrgIds ?? [],
                reason: values.override.reason.trim(),
              },
            }
          : {}),
      }),
    onSuccess: (opened) => {
      void queryClient.invalidateQueries({ queryKey: triageKeys.all });
      void queryClient.invalidateQueries({ queryKey: caseKeys.all });
      onOpened(opened);
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, FIELDS, t)),
  });

  const regionRule = { pattern: REGION, message: t('triage.openCase.fields.regionInvalid') };

  return (
    <FormModal
      open={target !== null}
      title={t('triage.openCase.title')}
      okText={t('triage.openCase.ok')}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={save.isPending}
      error={formError}
      width={640}
    >
      <Form<OpenCaseValues>
        form={form}
        name="open-case"
        layout="vertical"
        requiredMark="optional"
        clearOnDestroy
        initialValues={{ category: target?.category, moneyPaid: target?.moneyPaid ?? false, priority: 'normal', overriding: false }}
        disabled={save.isPending}
        onFinish={(values) => {
          setFormError(null);
          save.mutate(values);
        }}
      >
        <Form.Item
          name="title"
          label={t('triage.openCase.fields.title')}
          rules={[
            { required: true, whitespace: true, message: t('triage.openCase.fields.titleRequired') },
            { max: 200, message: t('common.tooLong', { max: 200 }) },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="category" label={t('triage.openCase.fields.category')} rules={[{ required: true }]}>
          <Select options={REPORT_CATEGORIES.map((value) => ({ value, label: t(`category.${value}.label`) }))} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('triage.openCase.fields.regionCode')}
          extra={t('triage.openCase.fields.regionHint')}
          rules={[{ required: true, message: t('triage.openCase.fields.regionInvalid') }, regionRule]}
        >
          <Input inputMode="numeric" maxLength={6} className="mono" />
        </Form.Item>
        <Form.Item name="priority" label={t('triage.openCase.fields.priority')} rules={[{ required: true }]}>
          <Select options={CASE_PRIORITIES.map((value) => ({ value, label: t(`priority.${value}`) }))} />
        </Form.Item>
        <Form.Item name="tags" label={t('triage.openCase.fields.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="targetKind" label={t('triage.openCase.fields.targetKind')}>
          <Select allowClear options={TARGET_KINDS.map((value) => ({ value, label: t(`targetKind.${value}`) }))} />
        </Form.Item>
        {targetKind === 'website' && (
          <Form.Item name="targetFilingRegionCode" label={t('triage.openCase.fields.targetFilingRegionCode')} rules={[regionRule]}>
            <Input inputMode="numeric" maxLength={6} className="mono" />
          </Form.Item>
        )}
        <Form.Item name="moneyPaid" label={t('triage.openCase.fields.moneyPaid')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('triage.openCase.fields.summary')}
          rules={[{ max: 5000, message: t('common.tooLong', { max: 5000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
        </Form.Item>
        <Form.Item
          name="overriding"
          label={t('triage.openCase.fields.override')}
          extra={t('triage.openCase.fields.overrideHint')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        {overriding && <RoutingOverrideFields />}
      </Form>
    </FormModal>
  );
}
