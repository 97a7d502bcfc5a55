import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Select, Spin, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { PageHeader } from '../../workbench/PageHeader';
import { fetchUsers } from '../admin/api';
import { hasRole, useMe } from '../auth/session';
import {
  addRepresentative,
  assignLiaison,
  fetchEnterprise,
  revokeRepresentative,
  type EnterpriseProtection,
  type Representative,
} from './api';
import './protection.css';
import { checkRepresentative, representativeBody, type RepresentativeValues } from './representative-form';

const FIELDS = ['name', 'title', 'idNumber', 'phone', 'validUntil'];

/**
 * The enterprise desk: its authorized representatives (masked), adding and revoking them, and its
 * regulator liaison. Without `:orgId` it is the signed-in person's own organization.
 */
export function ProtectionPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const params = useParams<{ orgId?: string }>();
  const orgId = params.orgId ?? me?.organization.id ?? '';
  const queryKey = ['protection', 'enterprise', orgId];
  const record = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchEnterprise(orgId, signal),
    enabled: orgId !== '' && (params.orgId !== undefined || me?.organization.kind === 'enterprise'),
  });
  const [revoking, setRevoking] = useState<Representative | null>(null);

  if (!params.orgId && me && me.organization.kind !== 'enterprise') {
    return (
      <Flex vertical gap={16}>
        <PageHeader title={t('protection.title')} />
        <Alert
          type="info"
          showIcon
          title={t('protection.notEnterprise')}
          action={
            hasRole(me, 'admin') ? (
              <LinkButton to="/workbench/organizations" size="small">
                {t('protection.openOrganizations')}
              </LinkButton>
            ) : undefined
          }
        />
      </Flex>
    );
  }
  if (record.isPending) return <Spin size="large" />;
  if (record.isError) {
    const error = describeError(record.error, t);
    return <Alert type="error" showIcon title={error.title} description={error.detail} />;
  }
  const data = record.data;
  const canAssign = !data.canManage && me?.organization.kind === 'regulator' && hasRole(me, 'admin', 'agency_lead');

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('protection.title')}
        lead={t('protection.lead')}
        extra={
          params.orgId === undefined && <LinkButton to="/workbench/protection/reports">{t('enterpriseDesk.reports.title')}</LinkButton>
        }
      />
      <Card title={data.enterprise.name} size="small">
        <Descriptions
          column={{ xs: 1, sm: 2 }}
          size="small"
          items={[
            { key: 'uscc', label: t('protection.uscc'), children: data.enterprise.uscc ?? t('protection.none') },
            {
              key: 'liaison',
              label: t('protection.liaison'),
              children: (
                <span data-testid="protection-liaison">
                  {data.liaison ? `${data.liaison.name} · ${data.liaison.orgName}` : t('protection.noLiaison')}
                </span>
              ),
            },
          ]}
        />
        {canAssign && <AssignLiaison orgId={orgId} regulatorId={me.organization.id} />}
      </Card>
      {data.canManage && <AddRepresentative orgId={orgId} />}
      <Card title={t('protection.representatives')} size="small">
        <Table<Representative>
          rowKey="id"
          size="small"
          data-testid="representatives-table"
          scroll={{ x: 'max-content' }}
          pagination={false}
          dataSource={data.representatives}
          locale={{ emptyText: t('protection.noRepresentatives') }}
          columns={[
            { key: 'name', title: t('protection.fields.name'), render: (_, r) => (r.title ? `${r.name}（${r.title}）` : r.name) },
            { key: 'id', title: t('protection.fields.idNumber'), render: (_, r) => r.idNumberMasked ?? '—' },
            { key: 'phone', title: t('protection.fields.phone'), render: (_, r) => r.phoneMasked ?? '—' },
            { key: 'valid', title: t('protection.fields.validUntil'), render: (_, r) => r.validUntil ?? t('protection.noExpiry') },
            {
              key: 'status',
              title: t('protection.fields.status'),
              render: (_, r) => (
                <Flex vertical>
                  <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`protection.status.${r.status}`, r.status)}</Tag>
                  {r.revokedReason && (
                    <Typography.Text type="secondary">
                      {r.revokedAt ? formatDateTime(r.revokedAt, i18n.language) : ''} {r.revokedReason}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            ...(data.canManage
              ? [
                  {
                    key: 'actions',
                    title: '',
                    render: (_: unknown, r: Representative) =>
                      r.status === 'active' ? (
                        <Button size="small" danger onClick={() => setRevoking(r)}>
                          {t('protection.revoke.action')}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <RevokeModal orgId={orgId} representative={revoking} onClose={() => setRevoking(null)} />
    </Flex>
  );
}

function AddRepresentative({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RepresentativeValues & { validDay?: Dayjs }>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const add = useMutation({
    mutationFn: (values: RepresentativeValues) => addRepresentative(orgId, representativeBody(values)),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['protection', 'enterprise', orgId] });
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, FIELDS, t)),
  });
  return (
    <Card title={t('protection.form.title')} size="small">
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      <Form
        form={form}
        name="add-representative"
        layout="vertical"
        disabled={add.isPending}
        onFinish={(values) => {
          setFormError(null);
          const input: RepresentativeValues = { ...values, validUntil: values.validDay?.format('YYYY-MM-DD') };
          const problems = checkRepresentative(input);
          if (problems.length > 0) {
            form.setFields(problems.map((p) => ({ name: p.field, errors: [t(`protection.form.errors.${p.key}`)] })));
            return;
          }
          add.mutate(input);
        }}
      >
        <Flex gap={12} wrap>
          <Form.Item name="name" label={t('protection.fields.name')} className="protection-field">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="title" label={t('protection.fields.title')} className="protection-field">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('protection.fields.idNumber')} className="protection-field">
            <Input maxLength={30} autoComplete="off" />
          </Form.Item>
          <Form.Item name="phone" label={t('protection.fields.phone')} className="protection-field">
            <Input maxLength={30} autoComplete="off" />
          </Form.Item>
          <Form.Item name="validDay" label={t('protection.fields.validUntil')} className="protection-field">
            <DatePicker className="protection-date" />
          </Form.Item>
        </Flex>
        <Typography.Paragraph type="secondary">{t('protection.form.note')}</Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="add-representative">
          {t('protection.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function RevokeModal({ orgId, representative, onClose }: { orgId: string; representative: Representative | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const revoke = useMutation({
    mutationFn: (reason: string) => revokeRepresentative(representative?.id ?? '', reason),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['protection', 'enterprise', orgId] });
      onClose();
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, ['reason'], t)),
  });
  return (
    <Modal
      open={representative !== null}
      title={t('protection.revoke.title', { name: representative?.name ?? '' })}
      okText={t('protection.revoke.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={revoke.isPending}
      destroyOnHidden
    >
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      <Form
        form={form}
        name="revoke-representative"
        layout="vertical"
        clearOnDestroy
        onFinish={(values) => {
          setFormError(null);
          revoke.mutate(values.reason.trim());
        }}
      >
        <Form.Item
          name="reason"
          label={t('protection.revoke.reason')}
          rules={[{ required: true, whitespace: true, message: t('protection.revoke.reasonRequired') }]}
        >
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssignLiaison({ orgId, regulatorId }: { orgId: string; regulatorId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['protection', 'liaison-candidates', regulatorId],
    queryFn: ({ signal }) => fetchUsers(regulatorId, signal),
  });
  const assign = useMutation({
    mutationFn: (id: string) => assignLiaison(orgId, id),
    onSuccess: (data: EnterpriseProtection) => queryClient.setQueryData(['protection', 'enterprise', orgId], data),
  });
  const error = assign.error ?? users.error;
  const message = error ? describeError(error, t) : null;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Select
          className="protection-liaison-select"
          placeholder={t('protection.assign.placeholder')}
          loading={users.isPending}
          value={userId}
          onChange={setUserId}
          options={(users.data ?? [])
            .filter((u) => u.status === 'active')
            .map((u) => ({ value: u.id, label: `${u.displayName} · ${u.email}` }))}
        />
        <Button type="primary" disabled={!userId} loading={assign.isPending} onClick={() => userId && assign.mutate(userId)}>
          {t('protection.assign.submit')}
        </Button>
      </Flex>
      {message && <Alert type="error" showIcon title={message.title} description={message.detail} />}
    </Flex>
  );
}
