import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Select,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { useMe } from '../auth/session';
import {
  ADMISSIBILITY_STEPS,
  amendProvision,
  createProvision,
  fetchCriteria,
  fetchCriteriaVersions,
  fetchProvision,
  fetchProvisions,
  replaceCriteria,
  rulesKeys,
  type Criterion,
  type Provision,
} from './api';
import './rules.css';
import { chinaToday, criteriaByStep, criterionTitle, editsRules } from './rules-view';

/** The rules registry: legal provisions with their versions, and the admissibility criteria by step. */
export function RulesPage() {
  const { t } = useTranslation();
  const canEdit = editsRules(useMe().data);
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('rules.title')} lead={t('rules.lead')} />
      <ProvisionsCard canEdit={canEdit} />
      <CriteriaCard canEdit={canEdit} />
    </Flex>
  );
}

function ProvisionsCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [inForceOnly, setInForceOnly] = useState(true);
  const [creating, setCreating] = useState(false);
  const [amending, setAmending] = useState<Provision | null>(null);
  const inForceOn = inForceOnly ? chinaToday() : null;
  const provisions = useQuery({
    queryKey: rulesKeys.provisions(q, inForceOn),
    queryFn: ({ signal }) => fetchProvisions({ q, inForceOn }, signal),
  });
  const error = provisions.error ? describeError(provisions.error, t) : null;
  return (
    <Card
      title={t('rules.provisions.title')}
      size="small"
      extra={
        canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('rules.provisions.add')}
          </Button>
        )
      }
    >
      <Flex gap={12} wrap align="center" className="rules-filters">
        <Input.Search
          allowClear
          placeholder={t('rules.provisions.search')}
          onSearch={(value) => setQ(value.trim())}
          className="rules-search"
        />
        <Flex gap={8} align="center">
          <Switch checked={inForceOnly} onChange={setInForceOnly} aria-label={t('rules.provisions.inForceOnly')} />
          <span>{t('rules.provisions.inForceOnly')}</span>
        </Flex>
      </Flex>
      {error && <Alert type="error" showIcon title={error.title} description={error.detail} />}
      <Table<Provision>
        rowKey="code"
        size="small"
        data-testid="provisions-table"
        loading={provisions.isPending}
        dataSource={provisions.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (p) => <ProvisionVersions code={p.code} /> }}
        columns={[
          { key: 'code', title: t('rules.provisions.code'), render: (_, p) => <Typography.Text code>{p.code}</Typography.Text> },
          {
            key: 'title',
            title: t('rules.provisions.name'),
            render: (_, p) => (
              <Flex vertical>
                <span>{p.title}</span>
                <Typography.Text type="secondary">
                  {p.source}
                  {p.article ? ` · ${p.article}` : ''}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'status',
            title: t('rules.provisions.status'),
            render: (_, p) => (
              <Flex vertical>
                <Tag color={p.inForce ? 'green' : 'default'}>
                  {p.inForce ? t('rules.provisions.inForce') : t('rules.provisions.notInForce')}
                </Tag>
                <Typography.Text type="secondary">
                  {p.effectiveFrom} – {p.effectiveTo ?? ''}
                </Typography.Text>
              </Flex>
            ),
          },
          { key: 'version', title: t('rules.provisions.version'), render: (_, p) => `v${p.version}` },
          ...(canEdit
            ? [
                {
                  key: 'actions',
                  title: '',
                  render: (_: unknown, p: Provision) => (
                    <Button size="small" onClick={() => setAmending(p)}>
                      {t('rules.provisions.amend')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canEdit && (
        <ProvisionModal open={creating || amending !== null} amending={amending} onClose={() => (setCreating(false), setAmending(null))} />
      )}
    </Card>
  );
}

function ProvisionVersions({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const detail = useQuery({ queryKey: rulesKeys.provision(code), queryFn: ({ signal }) => fetchProvision(code, signal) });
  if (detail.isPending) return <Spin />;
  if (detail.isError) return <Alert type="error" showIcon title={describeError(detail.error, t).title} />;
  return (
    <List
      size="small"
      dataSource={detail.data.versions}
      renderItem={(v) => (
        <List.Item>
          <Flex vertical gap={4} className="rules-version">
            <Typography.Text strong>
              v{v.version} · {v.effectiveFrom} – {v.effectiveTo ?? ''} · {formatDateTime(v.createdAt, i18n.language)}
            </Typography.Text>
            {v.changeReason && (
              <Typography.Text type="secondary">{t('rules.provisions.reason', { reason: v.changeReason })}</Typography.Text>
            )}
            <Typography.Paragraph className="rules-text">{v.text}</Typography.Paragraph>
          </Flex>
        </List.Item>
      )}
    />
  );
}

interface ProvisionValues {
  code?: string;
  title: string;
  source: string;
  article?: string;
  text: string;
  from: Dayjs;
  to?: Dayjs | null;
  reason?: string;
}

const PROVISION_FIELDS = ['code', 'title', 'source', 'article', 'text', 'effectiveFrom', 'effectiveTo', 'reason'];

/** Adds a provision, or (with `amending`) a new version of one: amended text or an end date, with the reason. */
function ProvisionModal({ open, amending, onClose }: { open: boolean; amending: Provision | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProvisionValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const save = useMutation({
    mutationFn: (values: ProvisionValues) => {
      const fields = {
        title: values.title.trim(),
        source: values.source.trim(),
        article: values.article?.trim() ? values.article.trim() : null,
        text: values.text.trim(),
        effectiveFrom: values.from.format('YYYY-MM-DD'),
        effectiveTo: values.to ? values.to.format('YYYY-MM-DD') : null,
      };
      return amending
        ? amendProvision(amending.code, { ...fields, reason: values.reason?.trim() ?? '' })
        : createProvision({ ...fields, code: values.code?.trim().toUpperCase() ?? '' });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['rules'] });
      onClose();
    },
    onError: (error) => {
      const shown = showProblemOnForm(form, error, PROVISION_FIELDS, t);
      setFormError(shown);
    },
  });
  return (
    <Modal
      open={open}
      title={amending ? t('rules.provisions.amendTitle', { code: amending.code }) : t('rules.provisions.addTitle')}
      okText={t('rules.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={{ xs: '100%', sm: 640 }}
      afterOpenChange={(visible) => visible && setFormError(null)}
    >
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      <Form<ProvisionValues>
        form={form}
        name="provision"
        layout="vertical"
        clearOnDestroy
        initialValues={
          amending ? { title: amending.title, source: amending.source, article: amending.article ?? '', text: amending.text } : undefined
        }
        onFinish={(values) => {
          setFormError(null);
          save.mutate(values);
        }}
      >
        {!amending && (
          <Form.Item
            name="code"
            label={t('rules.provisions.code')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, message: t('rules.provisions.codeHint') }]}
          >
            <Input maxLength={40} placeholder="CL-274" />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('rules.provisions.name')}
          rules={[{ required: true, whitespace: true, message: t('rules.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('rules.provisions.source')}
          rules={[{ required: true, whitespace: true, message: t('rules.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="article" label={t('rules.provisions.article')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('rules.provisions.text')}
          rules={[{ required: true, whitespace: true, message: t('rules.required') }]}
        >
          <Input.TextArea rows={5} maxLength={20_000} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="from" label={t('rules.provisions.effectiveFrom')} rules={[{ required: true, message: t('rules.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="to" label={t('rules.provisions.effectiveTo')} extra={amending ? t('rules.provisions.repealHint') : undefined}>
            <DatePicker />
          </Form.Item>
        </Flex>
        {amending && (
          <Form.Item name="reason" label={t('rules.reason')} rules={[{ required: true, whitespace: true, message: t('rules.required') }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function CriteriaCard({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const criteria = useQuery({ queryKey: rulesKeys.criteria, queryFn: ({ signal }) => fetchCriteria(signal) });
  const versions = useQuery({ queryKey: rulesKeys.criteriaVersions, queryFn: ({ signal }) => fetchCriteriaVersions(signal) });
  if (criteria.isPending) return <Spin />;
  if (criteria.isError) {
    const error = describeError(criteria.error, t);
    return <Alert type="error" showIcon title={error.title} description={error.detail} />;
  }
  return (
    <Card
      title={t('rules.criteria.title', { version: criteria.data.version })}
      size="small"
      data-testid="criteria-card"
      extra={canEdit && <Button onClick={() => setEditing(true)}>{t('rules.criteria.edit')}</Button>}
    >
      <Flex vertical gap={12}>
        {criteriaByStep(criteria.data.criteria).map(({ step, criteria: rows }) => (
          <div key={step}>
            <Typography.Title level={3} className="rules-step">
              {t(`rules.step.${step}`)}
            </Typography.Title>
            {rows.length === 0 ? (
              <Typography.Text type="secondary">{t('rules.criteria.none')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={rows}
                renderItem={(c) => (
                  <List.Item>
                    <Flex vertical gap={4}>
                      <span>
                        {criterionTitle(c, i18n.language)}{' '}
                        {c.required ? <Tag color="red">{t('rules.criteria.required')}</Tag> : <Tag>{t('rules.criteria.optional')}</Tag>}
                      </span>
                      {c.provisionCodes.length > 0 && (
                        <Flex gap={4} wrap>
                          {c.provisionCodes.map((code) => (
                            <Typography.Text code key={code}>
                              {code}
                            </Typography.Text>
                          ))}
                        </Flex>
                      )}
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </div>
        ))}
        <Typography.Title level={3} className="rules-step">
          {t('rules.criteria.history')}
        </Typography.Title>
        <List
          size="small"
          loading={versions.isPending}
          dataSource={versions.data ?? []}
          renderItem={(v) => (
            <List.Item>
              <Flex vertical>
                <Typography.Text strong>
                  v{v.version} · {formatDateTime(v.createdAt, i18n.language)}
                </Typography.Text>
                <Typography.Text type="secondary">{v.changeReason ?? t('rules.criteria.initial')}</Typography.Text>
                <Typography.Text type="secondary" className="rules-hash">
                  SHA-256 {v.sha256}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      </Flex>
      {canEdit && <CriteriaEditor open={editing} criteria={criteria.data.criteria} onClose={() => setEditing(false)} />}
    </Card>
  );
}

interface CriteriaValues {
  criteria: { id: string; step: Criterion['step']; zh: string; en: string; required: boolean; provisionCodes: string[] }[];
  reason: string;
}

/** Replaces the criteria as a new version: rows added, removed or edited, with the reason. */
function CriteriaEditor({ open, criteria, onClose }: { open: boolean; criteria: Criterion[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CriteriaValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const save = useMutation({
    mutationFn: (values: CriteriaValues) =>
      replaceCriteria(
        (values.criteria ?? []).map((c) => ({
          id: c.id.trim(),
          step: c.step,
          title: { 'zh-CN': c.zh.trim(), en: c.en.trim() },
          required: c.required,
          provisionCodes: (c.provisionCodes ?? []).map((code) => code.trim().toUpperCase()).filter(Boolean),
        })),
        values.reason.trim(),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: rulesKeys.criteria });
      onClose();
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, ['reason'], t)),
  });
  return (
    <Modal
      open={open}
      title={t('rules.criteria.edit')}
      okText={t('rules.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={{ xs: '100%', sm: 820 }}
      afterOpenChange={(visible) => visible && setFormError(null)}
    >
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      <Form<CriteriaValues>
        form={form}
        name="criteria"
        layout="vertical"
        clearOnDestroy
        initialValues={{
          criteria: criteria.map((c) => ({
            id: c.id,
            step: c.step,
            zh: c.title['zh-CN'],
            en: c.title.en,
            required: c.required,
            provisionCodes: c.provisionCodes,
          })),
        }}
        onFinish={(values) => {
          setFormError(null);
          save.mutate(values);
        }}
      >
        <Form.List name="criteria">
          {(items, { add, remove }) => (
            <Flex vertical gap={8}>
              {items.map((item) => (
                <Card
                  key={item.key}
                  size="small"
                  extra={
                    <Button size="small" danger onClick={() => remove(item.name)}>
                      {t('rules.criteria.remove')}
                    </Button>
                  }
                >
                  <Flex gap={8} wrap>
                    <Form.Item
                      name={[item.name, 'id']}
                      label={t('rules.criteria.id')}
                      rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,59}$/, message: t('rules.criteria.idHint') }]}
                    >
                      <Input maxLength={60} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'step']} label={t('rules.criteria.step')} rules={[{ required: true }]}>
                      <Select
                        className="rules-step-select"
                        options={ADMISSIBILITY_STEPS.map((s) => ({ value: s, label: t(`rules.step.${s}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[item.name, 'required']} valuePropName="checked" label=" ">
                      <Checkbox>{t('rules.criteria.required')}</Checkbox>
                    </Form.Item>
                  </Flex>
                  <Form.Item
                    name={[item.name, 'zh']}
                    label={t('rules.criteria.titleZh')}
                    rules={[{ required: true, whitespace: true, message: t('rules.required') }]}
                  >
                    <Input maxLength={300} />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'en']}
                    label={t('rules.criteria.titleEn')}
                    rules={[{ required: true, whitespace: true, message: t('rules.required') }]}
                  >
                    <Input maxLength={300} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'provisionCodes']} label={t('rules.criteria.provisions')}>
                    <Select mode="tags" tokenSeparators={[',', ' ']} />
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ step: 'identity', required: true, provisionCodes: [] })}>
                {t('rules.criteria.add')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Form.Item name="reason" label={t('rules.reason')} rules={[{ required: true, whitespace: true, message: t('rules.required') }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
