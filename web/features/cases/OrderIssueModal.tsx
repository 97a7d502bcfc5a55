import { useMutation, useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select } from 'antd';
import { FormModal } from '../../shared/FormModal';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isHttpUrl } from '../../../contracts/reports';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { fetchExecutingOrganizations, orderKeys } from '../orders/api';
import { issueDisposalOrder, ORDER_KINDS, type OrderKind } from './api';

interface OrderValues {
  executingOrgId: string;
  kind: OrderKind;
  targetUrls?: string;
  legalBasis: string;
  instructions?: string;
  dueAt: Dayjs;
}

const FIELDS = ['executingOrgId', 'kind', 'targetUrls', 'legalBasis', 'instructions', 'dueAt'] as const;

/** Splits a text area into its non-empty lines. */
export function linesOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Issues a disposal order (处置指令) for a case to an executing organization, often a website. */
export function OrderIssueModal({
  caseId,
  targetUrls,
  open,
  onClose,
  onDone,
}: {
  caseId: string;
  targetUrls: string[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OrderValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  // Websites are outside the agency directory: the organizations an agency can order come from their own list.
  const executing = useQuery({
    queryKey: orderKeys.executingOrganizations,
    queryFn: ({ signal }) => fetchExecutingOrganizations(signal),
    staleTime: 5 * 60 * 1000,
    enabled: open,
  });
  const executingOrgId = Form.useWatch('executingOrgId', form);
  const chosen = executing.data?.find((org) => org.id === executingOrgId);
  const kinds = chosen ? chosen.orderKinds : ORDER_KINDS;
  const executors = (executing.data ?? []).map((org) => ({
    value: org.id,
    label: `${org.name} (${t(`orgKinds.${org.kind}`)} · ${org.regionCode})`,
  }));
  useEffect(() => setFormError(null), [open]);

  const send = useMutation({
    mutationFn: (values: OrderValues) => {
      const urls = linesOf(values.targetUrls);
      return issueDisposalOrder(caseId, {
        executingOrgId: values.executingOrgId,
        kind: values.kind,
        legalBasis: values.legalBasis.trim(),
        dueAt: values.dueAt.toISOString(),
        ...(urls.length ? { targetUrls: urls } : {}),
        ...(values.instructions?.trim() ? { instructions: values.instructions.trim() } : {}),
      });
    },
    onSuccess: onDone,
    onError: (error) => setFormError(showProblemOnForm(form, error, FIELDS, t)),
  });

  return (
    <FormModal
      open={open}
      title={t('cases.order.title')}
      okText={t('cases.order.ok')}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={send.isPending}
      error={formError}
      width={600}
    >
      <Form<OrderValues>
        form={form}
        name="order"
        layout="vertical"
        requiredMark="optional"
        clearOnDestroy
        initialValues={{ targetUrls: targetUrls.join('\n') }}
        disabled={send.isPending}
        onFinish={(values) => {
          setFormError(null);
          send.mutate(values);
        }}
      >
        <Form.Item
          name="executingOrgId"
          label={t('cases.order.executingOrg')}
          rules={[{ required: true, message: t('cases.order.orgRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={executors}
            loading={executing.isPending}
            onChange={() => form.setFieldValue('kind', undefined)}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('cases.order.kind')} rules={[{ required: true, message: t('cases.order.kindRequired') }]}>
          <Select options={kinds.map((value) => ({ value, label: t(`orderKind.${value}`) }))} />
        </Form.Item>
        <Form.Item
          name="targetUrls"
          label={t('cases.order.targetUrls')}
          extra={t('cases.order.targetUrlsHint')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const invalid = linesOf(value).filter((url) => !isHttpUrl(url));
                if (invalid.length) throw new Error(t('common.urlsInvalid', { urls: invalid.join(t('common.listSeparator')) }));
              },
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} className="mono" />
        </Form.Item>
        <Form.Item
          name="legalBasis"
          label={t('cases.actionModal.legalBasis')}
          extra={t('cases.actionModal.legalBasisHint')}
          rules={[{ required: true, whitespace: true, message: t('cases.actionModal.legalBasisRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="instructions" label={t('cases.order.instructions')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="dueAt" label={t('cases.order.dueAt')} rules={[{ required: true, message: t('cases.order.dueRequired') }]}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(date) => date.endOf('day').valueOf() < Date.now()}
            className="full-width"
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
