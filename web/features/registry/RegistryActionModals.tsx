import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntityStatus } from '../../../contracts/registry';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { addRecord, changeStatus, mergeEntity } from './api';

/** A modal with a form whose server errors land on its fields. */
function FormModal<V extends object>({
  open,
  title,
  okText,
  notice,
  fields,
  submit,
  onDone,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  notice?: ReactNode;
  fields: string[];
  submit: (values: V) => Promise<unknown>;
  onDone: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  useEffect(() => setFormError(null), [open]);
  const send = useMutation({
    mutationFn: submit,
    onSuccess: onDone,
    onError: (error) => setFormError(showProblemOnForm(form, error, fields, t)),
  });
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={send.isPending}
      destroyOnHidden
      width={{ xs: '100%', sm: 560 }}
      mask={{ closable: false }}
    >
      {notice && <Alert className="form-error" type="info" showIcon title={notice} />}
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      <Form<V>
        form={form}
        layout="vertical"
        clearOnDestroy
        disabled={send.isPending}
        onFinish={(values) => {
          setFormError(null);
          send.mutate(values);
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}

function ReasonFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="reason"
        label={t('registry.fields.reason')}
        rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item
        name="legalBasis"
        label={t('registry.fields.legalBasis')}
        rules={[{ required: true, whitespace: true, message: t('registry.legalBasisRequired') }]}
      >
        <Input maxLength={2000} placeholder={t('registry.legalBasisHint')} />
      </Form.Item>
    </>
  );
}

/** Moves the entity to `to`, with a reason and a legal basis. */
export function StatusModal({
  entityId,
  to,
  onDone,
  onClose,
}: {
  entityId: string;
  to: EntityStatus | null;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<{ reason: string; legalBasis: string }>
      open={to !== null}
      title={to ? t(`registry.statusAction.${to}`) : ''}
      okText={t('common.confirm')}
      notice={t('registry.statusNotice')}
      fields={['reason', 'legalBasis']}
      submit={(values) => changeStatus(entityId, { to: to!, reason: values.reason.trim(), legalBasis: values.legalBasis.trim() })}
      onDone={onDone}
      onClose={onClose}
    >
      <ReasonFields />
    </FormModal>
  );
}

/** Appends a record (a violation tied to a case) to the entity. */
export function RecordModal({
  entityId,
  open,
  onDone,
  onClose,
}: {
  entityId: string;
  open: boolean;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<{ caseId: string; summary: string; legalBasis: string; evidence?: string }>
      open={open}
      title={t('registry.record.title')}
      okText={t('registry.record.submit')}
      notice={t('registry.record.notice')}
      fields={['caseId', 'summary', 'legalBasis', 'evidence']}
      submit={(values) => {
        const evidence = (values.evidence ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '');
        return addRecord(entityId, {
          caseId: values.caseId.trim(),
          summary: values.summary.trim(),
          legalBasis: values.legalBasis.trim(),
          ...(evidence.length > 0 ? { evidence } : {}),
        });
      }}
      onDone={onDone}
      onClose={onClose}
    >
      <Form.Item
        name="caseId"
        label={t('registry.fields.caseId')}
        rules={[{ required: true, whitespace: true, message: t('registry.record.caseRequired') }]}
      >
        <Input maxLength={64} className="mono" />
      </Form.Item>
      <Form.Item
        name="summary"
        label={t('registry.fields.summary')}
        rules={[{ required: true, whitespace: true, message: t('registry.record.summaryRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} showCount />
      </Form.Item>
      <Form.Item
        name="legalBasis"
        label={t('registry.fields.legalBasis')}
        rules={[{ required: true, whitespace: true, message: t('registry.legalBasisRequired') }]}
      >
        <Input maxLength={2000} placeholder={t('registry.legalBasisHint')} />
      </Form.Item>
      <Form.Item name="evidence" label={t('registry.fields.evidence')} extra={t('registry.record.evidenceHint')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}

/** Merges another entity (by its id) into this one. */
export function MergeModal({
  entityId,
  open,
  onDone,
  onClose,
}: {
  entityId: string;
  open: boolean;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<{ absorbedId: string; reason: string }>
      open={open}
      title={t('registry.merge.title')}
      okText={t('registry.merge.submit')}
      notice={t('registry.merge.notice')}
      fields={['absorbedId', 'reason']}
      submit={(values) => mergeEntity(entityId, { absorbedId: values.absorbedId.trim(), reason: values.reason.trim() })}
      onDone={onDone}
      onClose={onClose}
    >
      <Form.Item
        name="absorbedId"
        label={t('registry.fields.absorbedId')}
        rules={[{ required: true, whitespace: true, message: t('registry.merge.idRequired') }]}
      >
        <Input maxLength={64} className="mono" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('registry.fields.reason')}
        rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
      </Form.Item>
    </FormModal>
  );
}
