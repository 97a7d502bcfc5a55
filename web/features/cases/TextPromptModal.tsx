import { useMutation } from '@tanstack/react-query';
import { Form, Input } from 'antd';
import { FormModal } from '../../shared/FormModal';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';

export interface TextPromptModalProps<T> {
  open: boolean;
  title: string;
  /** Said above the field: what happens, who will read it. */
  notice?: ReactNode;
  noticeType?: 'info' | 'warning';
  label: string;
  /** The field's name in the API's problem details, so a server error lands on the field. */
  field: string;
  okText: string;
  danger?: boolean;
  maxLength?: number;
  submit: (text: string) => Promise<T>;
  onDone: (result: T) => void;
  onClose: () => void;
}

/** A modal that asks for one required text (a reason, a note) and sends it. */
export function TextPromptModal<T>({
  open,
  title,
  notice,
  noticeType = 'info',
  label,
  field,
  okText,
  danger,
  maxLength = 2000,
  submit,
  onDone,
  onClose,
}: TextPromptModalProps<T>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, string>>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  useEffect(() => setFormError(null), [open]);

  const send = useMutation({
    mutationFn: (text: string) => submit(text),
    onSuccess: onDone,
    onError: (error) => setFormError(showProblemOnForm(form, error, [field], t)),
  });

  return (
    <FormModal
      open={open}
      title={title}
      okText={okText}
      danger={danger}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={send.isPending}
      error={formError}
      notice={notice}
      noticeType={noticeType}
    >
      <Form<Record<string, string>>
        form={form}
        layout="vertical"
        clearOnDestroy
        disabled={send.isPending}
        onFinish={(values) => {
          setFormError(null);
          send.mutate((values[field] ?? '').trim());
        }}
      >
        <Form.Item
          name={field}
          label={label}
          rules={[
            { required: true, whitespace: true, message: t('common.reasonRequired') },
            { max: maxLength, message: t('common.tooLong', { max: maxLength }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={maxLength} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
