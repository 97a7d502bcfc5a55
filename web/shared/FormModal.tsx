import { Alert, Modal, type AlertProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorMessage } from './error-message';

export interface FormModalProps {
  open: boolean;
  title: ReactNode;
  okText: string;
  /** The OK button in red: the action refuses, removes or cannot be taken back. */
  danger?: boolean;
  /** Submits the form inside (`form.submit()`); the form's own handlers send it. */
  onOk: () => void;
  onClose: () => void;
  /** While the form is being sent: the OK button spins. */
  sending: boolean;
  /** Why the last send failed, above the form; field errors stay on their fields. */
  error: ErrorMessage | null;
  /** What to know before sending, above the form. */
  notice?: ReactNode;
  noticeType?: AlertProps['type'];
  /** The width from a tablet up; a phone gets the whole width. */
  width?: number;
  children: ReactNode;
}

/**
 * The workbench's dialog around a form: full width on a phone, not closed by a stray tap on the
 * mask, emptied when hidden, the reason a send failed shown above the form.
 */
export function FormModal({
  open,
  title,
  okText,
  danger,
  onOk,
  onClose,
  sending,
  error,
  notice,
  noticeType = 'info',
  width = 520,
  children,
}: FormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={danger ? { danger: true } : {}}
      cancelText={t('common.cancel')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={sending}
      destroyOnHidden
      width={{ xs: '100%', sm: width }}
      mask={{ closable: false }}
    >
      {notice && <Alert className="form-error" type={noticeType} showIcon title={notice} />}
      {error && <Alert className="form-error" type="error" showIcon role="alert" title={error.title} description={error.detail} />}
      {children}
    </Modal>
  );
}
