import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Form, Input, Select } from 'antd';
import { FormModal } from '../../shared/FormModal';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INDICATOR_TYPES, type IndicatorType } from '../../../contracts/indicators';
import { ENTITY_KINDS, PAYMENT_CHANNELS, type EntityKind, type PaymentChannel } from '../../../contracts/registry';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { createEntity, type EntityDetail, type NewEntity } from './api';

interface Values {
  kind: EntityKind;
  displayName: string;
  platform?: string;
  handle?: string;
  role?: string;
  nationalId?: string;
  uscc?: string;
  channel?: PaymentChannel;
  identifiers?: { type: IndicatorType; value: string }[];
}

const FIELDS = ['kind', 'displayName', 'platform', 'handle', 'role', 'nationalId', 'uscc', 'channel', 'identifiers'];

/** Puts a new entity on the registry: its kind, name, the fields of its kind, and its identifiers. */
export function CreateEntityModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (entity: EntityDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  useEffect(() => setFormError(null), [open]);

  const create = useMutation({
    mutationFn: (values: Values) => {
      const trimmed = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
      const body: NewEntity = { kind: values.kind, displayName: values.displayName.trim() };
      const optional = {
        platform: trimmed(values.platform),
        handle: trimmed(values.handle),
        role: trimmed(values.role),
        nationalId: trimmed(values.nationalId),
        uscc: trimmed(values.uscc),
      };
      for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(body, { [key]: value });
      if (values.channel) body.channel = values.channel;
      const identifiers = (values.identifiers ?? []).filter((i) => i?.type && i.value?.trim());
      if (identifiers.length > 0) body.identifiers = identifiers.map((i) => ({ type: i.type, value: i.value.trim() }));
      return createEntity(body);
    },
    onSuccess: onCreated,
    onError: (error) => setFormError(showProblemOnForm(form, error, FIELDS, t)),
  });

  return (
    <FormModal
      open={open}
      title={t('registry.create.title')}
      okText={t('registry.create.submit')}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={create.isPending}
      error={formError}
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        clearOnDestroy
        initialValues={{ kind: 'website', identifiers: [] }}
        disabled={create.isPending}
        onFinish={(values) => {
          setFormError(null);
          create.mutate(values);
        }}
      >
        <Form.Item name="kind" label={t('registry.fields.kind')} rules={[{ required: true }]}>
          <Select options={ENTITY_KINDS.map((value) => ({ value, label: t(`registry.kind.${value}`) }))} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('registry.fields.displayName')}
          rules={[{ required: true, whitespace: true, message: t('registry.create.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        {kind === 'account' && (
          <>
            <Form.Item
              name="platform"
              label={t('registry.fields.platform')}
              rules={[{ required: true, whitespace: true, message: t('registry.create.platformRequired') }]}
            >
              <Input maxLength={60} placeholder={t('registry.create.platformHint')} />
            </Form.Item>
            <Form.Item
              name="handle"
              label={t('registry.fields.handle')}
              rules={[{ required: true, whitespace: true, message: t('registry.create.handleRequired') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {kind === 'practitioner' && (
          <>
            <Form.Item name="role" label={t('registry.fields.role')}>
              <Input maxLength={200} placeholder={t('registry.create.roleHint')} />
            </Form.Item>
            <Form.Item name="nationalId" label={t('registry.fields.nationalId')} extra={t('registry.create.nationalIdNote')}>
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
          </>
        )}
        {kind === 'intermediary' && (
          <Form.Item name="uscc" label={t('registry.fields.uscc')}>
            <Input maxLength={40} />
          </Form.Item>
        )}
        {kind === 'payment_account' && (
          <Form.Item name="channel" label={t('registry.fields.channel')}>
            <Select allowClear options={PAYMENT_CHANNELS.map((value) => ({ value, label: t(`registry.channel.${value}`) }))} />
          </Form.Item>
        )}
        <Form.List name="identifiers">
          {(items, { add, remove }) => (
            <Flex vertical gap={8}>
              {items.map((item, index) => (
                <Flex key={item.key} gap={8} wrap align="flex-start">
                  <Form.Item
                    name={[item.name, 'type']}
                    rules={[{ required: true }]}
                    className="registry-identifier-type"
                    aria-label={t('registry.fields.identifierType')}
                  >
                    <Select options={INDICATOR_TYPES.map((value) => ({ value, label: t(`indicatorType.${value}`) }))} />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'value']}
                    rules={[{ required: true, whitespace: true, message: t('registry.create.identifierRequired') }]}
                    className="registry-identifier-value"
                  >
                    <Input maxLength={2000} aria-label={t('registry.fields.identifierValue', { n: index + 1 })} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('registry.create.removeIdentifier')} onClick={() => remove(item.name)} />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ type: 'domain', value: '' })}>
                {t('registry.create.addIdentifier')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </FormModal>
  );
}
