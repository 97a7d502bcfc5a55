import { useMutation } from '@tanstack/react-query';
import { Form, Input, Select } from 'antd';
import { FormModal } from '../../shared/FormModal';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { requestAssistance } from './api';
import { useOrganizations } from './organizations';

const FIELDS = ['orgId', 'reason'] as const;

/** Asks another agency to assist with a case. */
export function AssistanceModal({
  caseId,
  open,
  onClose,
  onDone,
}: {
  caseId: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ orgId: string; reason: string }>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const organizations = useOrganizations();
  useEffect(() => setFormError(null), [open]);

  const send = useMutation({
    mutationFn: (values: { orgId: string; reason: string }) =>
      requestAssistance(caseId, { orgId: values.orgId, reason: values.reason.trim() }),
    onSuccess: onDone,
    onError: (error) => setFormError(showProblemOnForm(form, error, FIELDS, t)),
  });

  return (
    <FormModal
      open={open}
      title={t('cases.assist.title')}
      okText={t('cases.assist.ok')}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={send.isPending}
      error={formError}
    >
      <Form form={form} layout="vertical" clearOnDestroy disabled={send.isPending} onFinish={(values) => send.mutate(values)}>
        <Form.Item name="orgId" label={t('cases.assist.org')} rules={[{ required: true, message: t('cases.assist.orgRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={organizations.options} loading={organizations.query.isPending} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('cases.assist.reason')}
          rules={[
            { required: true, whitespace: true, message: t('common.reasonRequired') },
            { max: 2000, message: t('common.tooLong', { max: 2000 }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
