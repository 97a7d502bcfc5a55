import { useMutation } from '@tanstack/react-query';
import { Form, Input, Radio } from 'antd';
import { FormModal } from '../../shared/FormModal';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { markNotAccepted, NOT_ACCEPTED_REASONS, type NotAcceptedReason } from './api';

interface NotAcceptedValues {
  reason: NotAcceptedReason;
  note?: string;
}

const FIELDS = ['reason', 'note'] as const;

/** Marks reports as not accepted, with the reason the reporter will read. */
export function NotAcceptedModal({ reportIds, onClose, onDone }: { reportIds: string[] | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NotAcceptedValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  useEffect(() => setFormError(null), [reportIds]);

  const send = useMutation({
    mutationFn: (values: NotAcceptedValues) =>
      markNotAccepted({
        reportIds: reportIds ?? [],
        reason: values.reason,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    onSuccess: onDone,
    onError: (error) => setFormError(showProblemOnForm(form, error, FIELDS, t)),
  });

  return (
    <FormModal
      open={reportIds !== null}
      title={t('triage.notAcceptedModal.title', { count: reportIds?.length ?? 0 })}
      okText={t('triage.notAcceptedModal.ok')}
      danger
      onOk={() => form.submit()}
      onClose={onClose}
      sending={send.isPending}
      error={formError}
      notice={t('triage.notAcceptedModal.reporterReads')}
    >
      <Form<NotAcceptedValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        clearOnDestroy
        disabled={send.isPending}
        onFinish={(values) => {
          setFormError(null);
          send.mutate(values);
        }}
      >
        <Form.Item
          name="reason"
          label={t('triage.notAcceptedModal.reason')}
          rules={[{ required: true, message: t('triage.notAcceptedModal.reasonRequired') }]}
        >
          <Radio.Group
            className="wb-radio-column"
            options={NOT_ACCEPTED_REASONS.map((reason) => ({ value: reason, label: t(`notAcceptedReason.${reason}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('triage.notAcceptedModal.note')}
          rules={[{ max: 2000, message: t('common.tooLong', { max: 2000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
