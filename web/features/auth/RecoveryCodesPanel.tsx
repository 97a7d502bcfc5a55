import { CopyOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../../shared/clipboard';
import { downloadTextFile } from '../../shared/download';
import { formatDateTime } from '../../shared/format';

export interface RecoveryCodesPanelProps {
  codes: string[];
  /** The account the codes belong to, written into the downloaded file. */
  account: string;
  continueLabel: string;
  onContinue: () => void;
}

/**
 * New recovery codes, shown this once: each opens the account one time when the authenticator is
 * lost. The person confirms they kept them before going on.
 */
export function RecoveryCodesPanel({ codes, account, continueLabel, onContinue }: RecoveryCodesPanelProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);

  const fileText = [
    `${t('product.name')} · ${t('workbench.title')}`,
    t('auth.recovery.fileHeading'),
    '',
    `${t('auth.recovery.fileAccount')}${t('common.labelSeparator')}${account}`,
    `${t('auth.recovery.fileCreated')}${t('common.labelSeparator')}${formatDateTime(new Date().toISOString(), i18n.language)}`,
    '',
    ...codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`),
    '',
    t('auth.recovery.fileNote'),
    '',
  ].join('\r\n');

  async function copyAll() {
    if (await copyText(codes.join('\n'))) void message.success(t('auth.recovery.copied'));
    else void message.error(t('common.copyFailed'));
  }

  return (
    <Flex vertical gap={16} data-testid="recovery-codes">
      <Alert type="warning" showIcon title={t('auth.recovery.onceTitle')} description={t('auth.recovery.onceText')} />
      <ol className="recovery-codes" aria-label={t('auth.recovery.listLabel')}>
        {codes.map((code) => (
          <li key={code} className="recovery-code">
            {code}
          </li>
        ))}
      </ol>
      <Flex gap={8} wrap className="no-print">
        <Button icon={<CopyOutlined />} onClick={() => void copyAll()} data-testid="recovery-copy">
          {t('auth.recovery.copy')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => downloadTextFile('qinglang-recovery-codes.txt', fileText)}
          data-testid="recovery-download"
        >
          {t('auth.recovery.download')}
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('auth.recovery.print')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" className="no-margin">
        {t('auth.recovery.howToUse')}
      </Typography.Paragraph>
      <Checkbox checked={saved} onChange={(event) => setSaved(event.target.checked)} data-testid="recovery-saved">
        {t('auth.recovery.saved')}
      </Checkbox>
      <Button type="primary" size="large" disabled={!saved} onClick={onContinue} data-testid="recovery-continue" block>
        {continueLabel}
      </Button>
    </Flex>
  );
}
