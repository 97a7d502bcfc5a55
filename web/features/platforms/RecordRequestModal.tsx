import { useMutation } from '@tanstack/react-query';
import { Form, Input, Select } from 'antd';
import { FormModal } from '../../shared/FormModal';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isHttpUrl } from '../../../contracts/reports';
import { isValidUscc } from '../../../contracts/uscc';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { linesOf, toNewDeletionRequest, type RecordValues } from './request-form';
import { CONTACT_CHANNELS, createDeletionRequest, REQUESTER_KINDS, type DeletionRequestDetail } from './api';

const FIELDS = [
  'requesterKind',
  'requesterName',
  'requesterContact',
  'contactChannel',
  'requesterIdNumber',
  'requesterPhone',
  'principalName',
  'principalUscc',
  'authorizationDocument',
  'targetUrls',
  'reason',
  'legalBasisCited',
  'money',
] as const;

/** Records a deletion request the website received by letter, telephone, e-mail or in person. */
export function RecordRequestModal({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (detail: DeletionRequestDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RecordValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  // One key per opening: a retried submission of the same form stores the request once.
  const idempotencyKey = useMemo(() => (open ? crypto.randomUUID() : ''), [open]);
  useEffect(() => setFormError(null), [open]);
  const send = useMutation({
    mutationFn: (values: RecordValues) => createDeletionRequest(toNewDeletionRequest(values), idempotencyKey),
    onSuccess: onDone,
    onError: (error) => setFormError(showProblemOnForm(form, error, FIELDS, t)),
  });
  const required = (field: string) => ({ required: true, whitespace: true, message: t('deletionRequests.form.required', { field }) });
  return (
    <FormModal
      open={open}
      title={t('deletionRequests.form.title')}
      okText={t('deletionRequests.form.ok')}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={send.isPending}
      error={formError}
      width={640}
    >
      <Form
        form={form}
        name="record-request"
        layout="vertical"
        requiredMark="optional"
        clearOnDestroy
        disabled={send.isPending}
        initialValues={{ requesterKind: 'individual' }}
        onFinish={(values) => send.mutate(values)}
      >
        <Form.Item name="requesterKind" label={t('deletionRequests.form.requesterKind')} rules={[{ required: true }]}>
          <Select options={REQUESTER_KINDS.map((kind) => ({ value: kind, label: t(`deletionRequests.requesterKind.${kind}`) }))} />
        </Form.Item>
        <Form.Item
          name="requesterName"
          label={t('deletionRequests.form.requesterName')}
          rules={[required(t('deletionRequests.form.requesterName'))]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="requesterContact" label={t('deletionRequests.form.requesterContact')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          name="contactChannel"
          label={t('deletionRequests.form.contactChannel')}
          extra={t('deletionRequests.form.contactChannelHint')}
        >
          <Select
            allowClear
            options={CONTACT_CHANNELS.map((channel) => ({ value: channel, label: t(`deletionRequests.contactChannel.${channel}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="requesterIdNumber"
          label={t('deletionRequests.form.requesterIdNumber')}
          extra={t('deletionRequests.form.identityHint')}
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="requesterPhone" label={t('deletionRequests.form.requesterPhone')}>
          <Input maxLength={32} autoComplete="off" inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="principalName"
          label={t('deletionRequests.form.principalName')}
          dependencies={['principalUscc']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                const uscc = getFieldValue('principalUscc') as string | undefined;
                if (uscc?.trim() && !value?.trim()) throw new Error(t('deletionRequests.form.principalRequired'));
              },
            }),
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="principalUscc"
          label={t('deletionRequests.form.principalUscc')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                if (value?.trim() && !isValidUscc(value.trim().toUpperCase())) throw new Error(t('deletionRequests.form.usccInvalid'));
              },
            },
          ]}
        >
          <Input maxLength={18} className="mono" />
        </Form.Item>
        <Form.Item
          name="authorizationDocument"
          label={t('deletionRequests.form.authorizationDocument')}
          extra={t('deletionRequests.form.authorizationHint')}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
        <Form.Item
          name="targetUrls"
          label={t('deletionRequests.form.targetUrls')}
          extra={t('deletionRequests.form.targetUrlsHint')}
          rules={[
            required(t('deletionRequests.form.targetUrls')),
            {
              validator: async (_rule, value: string | undefined) => {
                const invalid = linesOf(value).filter((url) => !isHttpUrl(url));
                if (invalid.length) throw new Error(t('common.urlsInvalid', { urls: invalid.join(t('common.listSeparator')) }));
              },
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} className="mono" />
        </Form.Item>
        <Form.Item name="reason" label={t('deletionRequests.form.reason')} rules={[required(t('deletionRequests.form.reason'))]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="legalBasisCited" label={t('deletionRequests.form.legalBasisCited')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="money" label={t('deletionRequests.form.money')} extra={t('deletionRequests.form.moneyHint')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
