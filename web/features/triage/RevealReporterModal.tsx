import { Descriptions, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextPromptModal } from '../cases/TextPromptModal';
import { revealReporter, type RevealedReporter } from './api';

/**
 * Shows a report's reporter after asking why: the server records each look, with the reason, in
 * the audit log, so the question comes first and the identity is never fetched without it.
 */
export function RevealReporterModal({ reportId, onClose }: { reportId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [revealed, setRevealed] = useState<RevealedReporter | null>(null);
  const close = () => {
    setRevealed(null);
    onClose();
  };
  const identity = revealed?.identity;
  return (
    <>
      <TextPromptModal<RevealedReporter>
        open={reportId !== null && revealed === null}
        title={t('triage.reveal.title')}
        notice={t('triage.reveal.warning')}
        noticeType="warning"
        label={t('triage.reveal.reason')}
        field="reason"
        okText={t('triage.reveal.ok')}
        maxLength={500}
        submit={(reason) => revealReporter(reportId ?? '', reason)}
        onDone={setRevealed}
        onClose={close}
      />
      <Modal
        open={revealed !== null}
        title={t('triage.reveal.title')}
        onCancel={close}
        onOk={close}
        okText={t('triage.reveal.close')}
        footer={(_, { OkBtn }) => <OkBtn />}
        destroyOnHidden
        width={{ xs: '100%', sm: 520 }}
      >
        {revealed && !identity ? (
          <Typography.Paragraph>{t('triage.reveal.anonymous')}</Typography.Paragraph>
        ) : (
          <Descriptions
            column={1}
            size="small"
            data-testid="reporter-identity"
            items={[
              { key: 'kind', label: t('triage.columns.reporter'), children: revealed ? t(`reporterKind.${revealed.kind}`) : '' },
              ...(identity?.name ? [{ key: 'name', label: t('triage.reveal.name'), children: identity.name }] : []),
              ...(identity?.phone ? [{ key: 'phone', label: t('triage.reveal.phone'), children: identity.phone }] : []),
              ...(identity?.email ? [{ key: 'email', label: t('triage.reveal.email'), children: identity.email }] : []),
              ...(identity?.enterprise
                ? [
                    { key: 'enterprise', label: t('triage.reveal.enterprise'), children: identity.enterprise.name },
                    { key: 'uscc', label: t('triage.reveal.uscc'), children: <span className="mono">{identity.enterprise.uscc}</span> },
                  ]
                : []),
              {
                key: 'consent',
                label: t('triage.reveal.consent'),
                children: revealed?.contactConsent ? t('triage.reveal.yes') : t('triage.reveal.no'),
              },
            ]}
          />
        )}
      </Modal>
    </>
  );
}
