import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Flex, Form, Input, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROUTING_REGION_SOURCES, TARGET_KINDS } from '../../../contracts/cases';
import { AGENCY_KINDS, type OrgKind } from '../../../contracts/orgs';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import { useOrganizations } from '../cases/organizations';
import type { RoutingRule } from './api';
import { ruleFormValues, ruleFromForm, type RuleFormValues } from './rule-editing';

const REGION_PREFIX = /^[1-9][0-9](?:[0-9]{2}){0,2}$/;

export interface RuleEditModalProps {
  /** The rule to edit; null when the modal is closed. */
  rule: RoutingRule | null;
  /** Ids of the other rules of the set, which this one must not take. */
  otherIds: string[];
  isNew: boolean;
  onSave: (rule: RoutingRule) => void;
  onClose: () => void;
}

/** Edits one rule of the draft rule set; nothing is sent until the whole set is saved. */
export function RuleEditModal({ rule, otherIds, isNew, onSave, onClose }: RuleEditModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RuleFormValues>();

  return (
    <Modal
      open={rule !== null}
      title={isNew ? t('routingRules.editor.addTitle') : t('routingRules.editor.editTitle')}
      okText={t('routingRules.editor.apply')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={{ xs: '100%', sm: 720 }}
      mask={{ closable: false }}
    >
      <Form<RuleFormValues>
        form={form}
        name="routing-rule"
        layout="vertical"
        {...(rule ? { initialValues: ruleFormValues(rule) } : {})}
        onFinish={(values) => onSave(ruleFromForm(values))}
        scrollToFirstError
      >
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="id"
              label={t('routingRules.fields.id')}
              extra={t('routingRules.fields.idHint')}
              rules={[
                { required: true, whitespace: true, message: t('routingRules.problems.missing_id') },
                { max: 64, message: t('common.tooLong', { max: 64 }) },
                {
                  validator: (_, value: string | undefined) =>
                    value && otherIds.includes(value.trim())
                      ? Promise.reject(new Error(t('routingRules.problems.duplicate_id')))
                      : Promise.resolve(),
                },
              ]}
            >
              <Input spellCheck={false} className="mono-input" maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="name"
              label={t('routingRules.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('routingRules.problems.blank_name') },
                { max: 200, message: t('common.tooLong', { max: 200 }) },
              ]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="priority"
              label={t('routingRules.fields.priority')}
              extra={t('routingRules.fields.priorityHint')}
              rules={[{ required: true, message: t('routingRules.problems.invalid_priority') }]}
            >
              <InputNumber min={0} max={1_000_000} precision={0} className="full-width" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="enabled" label={t('routingRules.fields.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('routingRules.editor.when')}
        </Divider>
        <Typography.Paragraph type="secondary" className="field-hint">
          {t('routingRules.editor.whenHint')}
        </Typography.Paragraph>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="categories" label={t('routingRules.fields.categories')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('routingRules.any')}
                options={REPORT_CATEGORIES.map((value) => ({ value, label: t(`category.${value}.label`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="targetKinds" label={t('routingRules.fields.targetKinds')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('routingRules.any')}
                options={TARGET_KINDS.map((value) => ({ value, label: t(`targetKind.${value}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="regionPrefixes"
              label={t('routingRules.fields.regionPrefixes')}
              extra={t('routingRules.fields.regionPrefixesHint')}
              rules={[
                {
                  validator: (_, value: string[] | undefined) => {
                    const wrong = (value ?? []).filter((prefix) => !REGION_PREFIX.test(prefix.trim()));
                    return wrong.length > 0
                      ? Promise.reject(
                          new Error(
                            t('routingRules.problems.invalid_region_prefix_list', { prefixes: wrong.join(t('common.listSeparator')) }),
                          ),
                        )
                      : Promise.resolve();
                  },
                },
              ]}
            >
              <Select
                mode="tags"
                allowClear
                placeholder={t('routingRules.any')}
                tokenSeparators={[',', ' ', '，']}
                open={false}
                suffixIcon={null}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="moneyPaid" label={t('routingRules.fields.moneyPaid')}>
              <Select options={(['any', 'yes', 'no'] as const).map((value) => ({ value, label: t(`routingRules.moneyPaid.${value}`) }))} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('routingRules.editor.then')}
        </Divider>
        <Typography.Text strong>{t('routingRules.fields.lead')}</Typography.Text>
        <AgencyFields name={['lead']} />
        <Typography.Text strong>{t('routingRules.fields.assisting')}</Typography.Text>
        <Form.List name="assisting">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} className="routing-assisting">
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="flex-start" className="routing-assisting-row">
                  <div className="routing-assisting-fields">
                    <AgencyFields name={[field.name]} listName="assisting" />
                  </div>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('routingRules.editor.removeAssisting')}
                    onClick={() => remove(field.name)}
                    className="routing-assisting-remove"
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ orgKind: 'police', region: 'case' })}
                disabled={fields.length >= 20}
                data-testid="routing-add-assisting"
              >
                {t('routingRules.editor.addAssisting')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Form.Item name="note" label={t('routingRules.fields.note')} className="routing-note">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The kind of agency and where to find it; a fixed organization is chosen among those of the kind. */
function AgencyFields({ name, listName }: { name: (string | number)[]; listName?: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<RuleFormValues>();
  const path = listName ? [listName, ...name] : name;
  const kind = Form.useWatch([...path, 'orgKind'], form) as OrgKind | undefined;
  const region = Form.useWatch([...path, 'region'], form) as string | undefined;
  const { options } = useOrganizations(region === 'fixed' && kind ? kind : null);

  return (
    <Row gutter={8}>
      <Col xs={24} sm={8}>
        <Form.Item name={[...name, 'orgKind']} label={t('routingRules.fields.orgKind')} rules={[{ required: true }]}>
          <Select options={AGENCY_KINDS.map((value) => ({ value, label: t(`orgKinds.${value}`) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item name={[...name, 'region']} label={t('routingRules.fields.region')} rules={[{ required: true }]}>
          <Select options={ROUTING_REGION_SOURCES.map((value) => ({ value, label: t(`routingRules.regionSource.${value}`) }))} />
        </Form.Item>
      </Col>
      {region === 'fixed' && (
        <Col xs={24} sm={8}>
          <Form.Item
            name={[...name, 'orgId']}
            label={t('routingRules.fields.orgId')}
            rules={[{ required: true, message: t('routingRules.problems.fixed_without_org') }]}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={options} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}
