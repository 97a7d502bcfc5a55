import { useMutation } from '@tanstack/react-query';
import { Form, Input, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCY_KINDS, type OrgKind } from '../../../contracts/orgs';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { CASE_RESULTS, type CaseResult } from '../../../contracts/cases-lifecycle';
import { transitionCase, type CaseAction, type CaseDetail, type TransitionBody } from './api';
import { FormModal } from '../../shared/FormModal';
import { useOrganizations } from './organizations';
import { RoutingOverrideFields } from './RoutingOverrideFields';

interface ActionValues {
  reason?: string;
  legalBasis?: string;
  resultCode?: CaseResult;
  resultNote?: string;
  transferKind?: OrgKind;
  transferToOrgId?: string;
  overriding?: boolean;
  override?: { leadOrgId: string; assistingOrgIds?: string[]; reason: string };
}

const FIELDS = [
  'reason',
  'legalBasis',
  'resultCode',
  'resultNote',
  'transferToOrgId',
  'override.leadOrgId',
  'override.assistingOrgIds',
  'override.reason',
] as const;

const NEEDS_REASON: readonly CaseAction[] = ['return', 'reroute', 'transfer', 'reopen', 'conclude'];
const NEEDS_LEGAL_BASIS: readonly CaseAction[] = ['dispose', 'conclude'];

/** Asks for what a case transition needs (reason, legal basis, result, organization) and posts it. */
export function CaseActionModal({
  caseDetail,
  action,
  onClose,
  onDone,
}: {
  caseDetail: CaseDetail;
  action: CaseAction | null;
  onClose: () => void;
  onDone: (updated: CaseDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActionValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const transferKind = Form.useWatch('transferKind', form);
  const overriding = Form.useWatch('overriding', form) ?? false;
  const transferTargets = useOrganizations(transferKind ?? null);
  useEffect(() => setFormError(null), [action]);

  const send = useMutation({
    mutationFn: (values: ActionValues) => {
      const body: TransitionBody = {
        action: action ?? 'accept',
        ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
        ...(values.legalBasis?.trim() ? { legalBasis: values.legalBasis.trim() } : {}),
        ...(values.resultCode ? { resultCode: values.resultCode } : {}),
        ...(values.resultNote?.trim() ? { resultNote: values.resultNote.trim() } : {}),
        ...(values.transferToOrgId ? { transferToOrgId: values.transferToOrgId } : {}),
        ...(values.overriding && values.override
          ? {
              override: {
                leadOrgId: values.override.leadOrgId,
                assistingOrgIds: values.override.assistingOrgIds ?? [],
                reason: values.override.reason.trim(),
              },
            }
          : {}),
      };
      return transitionCase(caseDetail.id, body);
    },
    onSuccess: onDone,
    onError: (error) => setFormError(showProblemOnForm(form, error, FIELDS, t)),
  });

  if (!action) return null;
  const label = t(`cases.action.${action}`);
  const needsReason = NEEDS_REASON.includes(action);
  const needsLegalBasis = NEEDS_LEGAL_BASIS.includes(action);
  const plain = !needsReason && !needsLegalBasis && action !== 'transfer' && action !== 'reroute';

  return (
    <FormModal
      open
      title={t('cases.actionModal.title', { action: label, number: caseDetail.number })}
      okText={label}
      danger={action === 'return'}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={send.isPending}
      error={formError}
      width={560}
    >
      {plain && <Typography.Paragraph>{t('cases.actionModal.confirm', { action: label, number: caseDetail.number })}</Typography.Paragraph>}
      <Form<ActionValues>
        form={form}
        name="case-action"
        layout="vertical"
        requiredMark="optional"
        clearOnDestroy
        disabled={send.isPending}
        onFinish={(values) => {
          setFormError(null);
          send.mutate(values);
        }}
      >
        {action === 'transfer' && (
          <>
            <Form.Item name="transferKind" label={t('cases.actionModal.orgKind')}>
              <Select
                allowClear
                options={AGENCY_KINDS.map((kind) => ({ value: kind, label: t(`orgKinds.${kind}`) }))}
                onChange={() => form.setFieldValue('transferToOrgId', undefined)}
              />
            </Form.Item>
            <Form.Item
              name="transferToOrgId"
              label={t('cases.actionModal.transferTo')}
              rules={[{ required: true, message: t('cases.actionModal.transferRequired') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={transferTargets.options}
                loading={transferTargets.query.isPending}
              />
            </Form.Item>
          </>
        )}
        {action === 'conclude' && (
          <>
            <Form.Item
              name="resultCode"
              label={t('cases.actionModal.resultCode')}
              rules={[{ required: true, message: t('cases.actionModal.resultRequired') }]}
            >
              <Select options={CASE_RESULTS.map((value) => ({ value, label: t(`resultCode.${value}`) }))} />
            </Form.Item>
            <Form.Item
              name="resultNote"
              label={t('cases.actionModal.resultNote')}
              extra={t('cases.actionModal.resultNoteHint')}
              rules={[{ max: 5000, message: t('common.tooLong', { max: 5000 }) }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
            </Form.Item>
          </>
        )}
        {needsLegalBasis && (
          <Form.Item
            name="legalBasis"
            label={t('cases.actionModal.legalBasis')}
            extra={t('cases.actionModal.legalBasisHint')}
            rules={[
              { required: true, whitespace: true, message: t('cases.actionModal.legalBasisRequired') },
              { max: 2000, message: t('common.tooLong', { max: 2000 }) },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
        )}
        {needsReason && (
          <Form.Item
            name="reason"
            label={t('cases.actionModal.reason')}
            rules={[
              { required: true, whitespace: true, message: t('cases.actionModal.reasonRequired') },
              { max: 2000, message: t('common.tooLong', { max: 2000 }) },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'reroute' && (
          <>
            <Form.Item name="overriding" label={t('cases.actionModal.override')} valuePropName="checked">
              <Switch />
            </Form.Item>
            {overriding && <RoutingOverrideFields />}
          </>
        )}
      </Form>
    </FormModal>
  );
}
