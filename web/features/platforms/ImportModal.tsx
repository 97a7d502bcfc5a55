import { UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/error-message';
import { ApiError } from '../../shared/problem';
import { importDeletionRequests } from './api';
import { importSourceOf, rowCount, rowProblem } from './import-file';

const MAX_BYTES = 5_000_000;

type Phase = 'idle' | 'reading' | 'sending' | 'done' | 'failed';

/** Uploads a CSV or JSON file of deletion requests; all or nothing, with every problem by row. */
export function ImportModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('idle');
  const [file, setFile] = useState<{ name: string; rows: number } | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: importDeletionRequests,
    onSuccess: () => {
      setPhase('done');
      onDone();
    },
    onError: () => setPhase('failed'),
  });

  async function upload(chosen: File) {
    send.reset();
    setLocalError(null);
    if (chosen.size > MAX_BYTES) {
      setLocalError(t('deletionRequests.importModal.tooLarge'));
      return;
    }
    setPhase('reading');
    const source = importSourceOf(chosen.name, await chosen.text());
    if (!source) {
      setPhase('failed');
      setLocalError(t('deletionRequests.importModal.badJson'));
      return;
    }
    setFile({ name: chosen.name, rows: rowCount(source) });
    setPhase('sending');
    send.mutate(source);
  }

  const error = send.error;
  const problems =
    error instanceof ApiError ? error.fieldErrors.map((e, i) => ({ key: i, ...rowProblem(e.field), message: e.message })) : [];
  const percent = { idle: 0, reading: 20, sending: 60, done: 100, failed: 100 }[phase];
  return (
    <Modal
      open={open}
      title={t('deletionRequests.importModal.title')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.done')}</Button>}
      destroyOnHidden
      afterClose={() => {
        setPhase('idle');
        setFile(null);
        setLocalError(null);
        send.reset();
      }}
      width={{ xs: '100%', sm: 720 }}
    >
      <Typography.Paragraph type="secondary">{t('deletionRequests.importModal.hint')}</Typography.Paragraph>
      <Upload
        accept=".csv,.json,text/csv,application/json"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(chosen) => {
          void upload(chosen);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={phase === 'reading' || phase === 'sending'} data-testid="import-choose">
          {t('deletionRequests.importModal.choose')}
        </Button>
      </Upload>
      {file && <Typography.Paragraph className="dr-import-file">{t('deletionRequests.importModal.file', file)}</Typography.Paragraph>}
      {phase !== 'idle' && (
        <div data-testid="import-progress" data-phase={phase}>
          <Progress percent={percent} status={phase === 'failed' ? 'exception' : phase === 'done' ? 'success' : 'active'} />
          {(phase === 'reading' || phase === 'sending') && (
            <Typography.Text type="secondary">{t(`deletionRequests.importModal.${phase}`)}</Typography.Text>
          )}
        </div>
      )}
      {phase === 'done' && send.data && (
        <Alert type="success" showIcon title={t('deletionRequests.importModal.done', send.data)} data-testid="import-done" />
      )}
      {localError && <Alert type="error" showIcon role="alert" title={localError} />}
      {phase === 'failed' && error && (
        <div data-testid="import-errors">
          <Alert
            type="error"
            showIcon
            role="alert"
            title={problems.length ? t('deletionRequests.importModal.failed') : describeError(error, t).title}
            description={problems.length ? undefined : describeError(error, t).detail}
          />
          {problems.length > 0 && (
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={problems}
              columns={[
                {
                  key: 'row',
                  title: t('deletionRequests.importModal.row'),
                  render: (_, p) => (p.row === null ? '—' : t('deletionRequests.importModal.rowNumber', { n: p.row })),
                },
                { key: 'field', title: t('deletionRequests.importModal.field'), render: (_, p) => <span className="mono">{p.field}</span> },
                { key: 'message', title: t('deletionRequests.importModal.problem'), dataIndex: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
