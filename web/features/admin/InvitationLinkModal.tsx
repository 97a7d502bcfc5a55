import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { copyText } from '../../shared/clipboard';
import { formatDateTime } from '../../shared/format';
import type { Invitation } from './api';

export interface InvitationLinkModalProps {
  /** The link to show, with whom it is for; null when closed. */
  shown: { invitation: Invitation; email: string } | null;
  onClose: () => void;
}

/** A new invitation link, shown this once: the server keeps only its hash. */
export function InvitationLinkModal({ shown, onClose }: InvitationLinkModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();

  async function copy(url: string) {
    if (await copyText(url)) void message.success(t('common.copied'));
    else void message.error(t('common.copyFailed'));
  }

  return (
    <Modal
      open={shown !== null}
      title={t('admin.users.invitationTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="invitation-done">
          {t('common.done')}
        </Button>
      }
      width={{ xs: '100%', sm: 600 }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {shown && (
        <Flex vertical gap={16}>
          <Typography.Paragraph className="no-margin">
            {t('admin.users.invitationText', { email: shown.email, time: formatDateTime(shown.invitation.expiresAt, i18n.language) })}
          </Typography.Paragraph>
          <div className="secret-box">
            <Typography.Text className="secret-box-value" data-testid="invitation-url">
              {shown.invitation.url}
            </Typography.Text>
          </div>
          <Button icon={<CopyOutlined />} onClick={() => void copy(shown.invitation.url)} data-testid="invitation-copy">
            {t('admin.users.copyLink')}
          </Button>
          <Alert type="warning" showIcon title={t('admin.users.invitationOnceTitle')} description={t('admin.users.invitationOnceText')} />
        </Flex>
      )}
    </Modal>
  );
}
