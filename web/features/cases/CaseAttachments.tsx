import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, List, Radio, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/error-message';
import { formatBytes, formatDateTime } from '../../shared/format';
import { ApiError } from '../../shared/problem';
import { hasRole, useMe } from '../auth/session';
import { type CaseDetail, caseKeys } from './api';
import { ATTACHMENT_VISIBILITIES, type AttachmentVisibility, attachmentKeys, fetchAttachments, uploadAttachments } from './attachments-api';

/** The file types report evidence accepts (the server checks the content itself). */
const ACCEPT = 'image/*,application/pdf,text/plain,audio/*,video/*,application/zip,.zip,.txt,.pdf';

/**
 * The files attached to a case: a list with download links, and for the staff of an agency on the
 * case (and triage) an upload with the choice of who sees the files.
 */
export function CaseAttachments({ caseDetail }: { caseDetail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [visibility, setVisibility] = useState<AttachmentVisibility>('shared');
  const language = i18n.language;
  const caseId = caseDetail.id;

  const attachments = useQuery({
    queryKey: attachmentKeys.list(caseId),
    queryFn: ({ signal }) => fetchAttachments(caseId, signal),
    staleTime: 15 * 1000,
  });

  // Mirrors the server's rule (the comment rule): staff of an agency on the case, and triage.
  const canAttach =
    hasRole(me, 'triage_officer') ||
    (me !== null &&
      me !== undefined &&
      caseDetail.agencies.some((agency) => agency.orgId === me.organization.id) &&
      hasRole(me, 'case_officer', 'agency_lead'));

  const upload = useMutation({
    mutationFn: () =>
      uploadAttachments(
        caseId,
        files.flatMap((file) => (file.originFileObj ? [file.originFileObj] : [])),
        visibility,
      ),
    onSuccess: (added) => {
      setFiles([]);
      void message.success(t('caseAttachments.uploaded', { count: added.length }));
      void queryClient.invalidateQueries({ queryKey: attachmentKeys.list(caseId) });
      void queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
    },
  });

  const uploadError =
    upload.error === null
      ? null
      : {
          ...describeError(upload.error, t),
          fields: upload.error instanceof ApiError ? upload.error.fieldErrors.map((field) => field.message) : [],
        };

  return (
    <Card title={<h2 className="card-heading">{t('caseAttachments.title')}</h2>} data-testid="case-attachments">
      {attachments.isError ? (
        <Alert type="error" showIcon title={describeError(attachments.error, t).title} />
      ) : (
        <List
          size="small"
          loading={attachments.isPending}
          dataSource={attachments.data ?? []}
          locale={{ emptyText: t('caseAttachments.empty') }}
          renderItem={(attachment) => (
            <List.Item key={attachment.id} data-testid="case-attachment">
              <Flex vertical gap={2}>
                <Flex gap={6} wrap align="center">
                  <PaperClipOutlined aria-hidden />
                  <Typography.Link href={attachment.contentUrl} download={attachment.fileName} className="break-all">
                    {attachment.fileName}
                  </Typography.Link>
                  {attachment.visibility === 'internal' && (
                    <Tag color="orange" className="no-margin">
                      {t('caseAttachments.internalTag')}
                    </Tag>
                  )}
                </Flex>
                <Typography.Text type="secondary" className="wb-cell-detail">
                  {formatBytes(attachment.size, language)} · {attachment.orgName} · {attachment.uploadedBy.displayName} ·{' '}
                  {formatDateTime(attachment.createdAt, language)}
                </Typography.Text>
                <Typography.Text type="secondary" className="wb-cell-detail mono break-all" title={t('caseAttachments.sha256')}>
                  SHA-256 {attachment.sha256}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {canAttach && (
        <Flex vertical gap={12} className="wb-comment-form">
          <Upload
            multiple
            accept={ACCEPT}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList)}
            disabled={upload.isPending}
          >
            <Button icon={<UploadOutlined />} data-testid="case-attachment-pick">
              {t('caseAttachments.pick')}
            </Button>
          </Upload>
          <Typography.Text type="secondary" className="wb-cell-detail">
            {t('caseAttachments.hint')}
          </Typography.Text>
          <Radio.Group
            value={visibility}
            onChange={(event) => setVisibility(event.target.value as AttachmentVisibility)}
            disabled={upload.isPending}
            aria-label={t('caseAttachments.visibilityLabel')}
            options={ATTACHMENT_VISIBILITIES.map((value) => ({ value, label: t(`caseAttachments.visibility.${value}`) }))}
          />
          {uploadError && (
            <Alert
              type="error"
              showIcon
              title={uploadError.title}
              description={uploadError.fields.length > 0 ? uploadError.fields.join(' ') : uploadError.detail}
            />
          )}
          <Flex justify="end">
            <Button
              type="primary"
              onClick={() => upload.mutate()}
              loading={upload.isPending}
              disabled={files.length === 0}
              data-testid="case-attachment-upload"
            >
              {t('caseAttachments.upload')}
            </Button>
          </Flex>
        </Flex>
      )}
    </Card>
  );
}
