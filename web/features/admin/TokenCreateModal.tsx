import { CopyOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TOKEN_SCOPES, type TokenScope } from '../../../contracts/orgs';
import { copyText } from '../../shared/clipboard';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { adminKeys, createApiToken, type ApiToken } from './api';
import { SCOPE_KEYS } from './token-scopes';

interface TokenFormValues {
  name: string;
  scopes: TokenScope[];
  /** Days until it stops working; 0 for never. */
  expiresInDays: number;
}

const TOKEN_FIELDS = ['name', 'scopes', 'expiresInDays'] as const;
const EXPIRY_CHOICES = [30, 90, 180, 365, 0] as const;

export interface TokenCreateModalProps {
  /** The organization the token is for, with its name; null when closed. */
  organization: { id: string; name: string } | null;
  onClose: () => void;
}

/** Creates an API token, then shows it this once with a way to copy it. */
export function TokenCreateModal({ organization, onClose }: TokenCreateModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TokenFormValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const [created, setCreated] = useState<{ token: string; apiToken: ApiToken } | null>(null);
  const [copied, setCopied] = useState(false);

  const create = useMutation({
    mutationFn: (values: TokenFormValues) =>
      createApiToken(organization!.id, {
        name: values.name.trim(),
        scopes: values.scopes,
        expiresInDays: values.expiresInDays > 0 ? values.expiresInDays : null,
      }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.tokens(result.apiToken.orgId) });
      setCreated(result);
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, TOKEN_FIELDS, t)),
  });

  function close() {
    setCreated(null);
    setCopied(false);
    setFormError(null);
    create.reset();
    onClose();
  }

  async function copy(token: string) {
    if (await copyText(token)) {
      setCopied(true);
      void message.success(t('common.copied'));
    } else {
      void message.error(t('common.copyFailed'));
    }
  }

  return (
    <Modal
      open={organization !== null}
      title={created ? t('admin.tokens.createdTitle') : t('admin.tokens.createTitle', { organization: organization?.name ?? '' })}
      onCancel={close}
      mask={{ closable: false }}
      destroyOnHidden
      width={{ xs: '100%', sm: 600 }}
      footer={
        created ? (
          <Button type="primary" onClick={close} data-testid="token-done">
            {copied ? t('common.done') : t('admin.tokens.closeUncopied')}
          </Button>
        ) : (
          <Flex gap={8} justify="flex-end">
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="token-submit">
              {t('admin.tokens.create')}
            </Button>
          </Flex>
        )
      }
    >
      {created ? (
        <Flex vertical gap={16}>
          <Alert type="warning" showIcon title={t('admin.tokens.onceTitle')} description={t('admin.tokens.onceText')} />
          <div className="secret-box">
            <Typography.Text className="secret-box-value" data-testid="token-value">
              {created.token}
            </Typography.Text>
          </div>
          <Button icon={<CopyOutlined />} onClick={() => void copy(created.token)} data-testid="token-copy">
            {t('admin.tokens.copy')}
          </Button>
          <Typography.Paragraph type="secondary" className="no-margin">
            {t('admin.tokens.howToUse')}
          </Typography.Paragraph>
        </Flex>
      ) : (
        <>
          {formError && (
            <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
          )}
          <Form<TokenFormValues>
            form={form}
            name="api-token"
            layout="vertical"
            requiredMark="optional"
            initialValues={{ scopes: [], expiresInDays: 90 }}
            clearOnDestroy
            onFinish={(values) => {
              setFormError(null);
              create.mutate(values);
            }}
            disabled={create.isPending}
          >
            <Form.Item
              name="name"
              label={t('admin.tokens.fields.name')}
              extra={t('admin.tokens.fields.nameHint')}
              rules={[
                { required: true, whitespace: true, message: t('admin.tokens.fields.nameRequired') },
                { max: 100, message: t('common.tooLong', { max: 100 }) },
              ]}
            >
              <Input data-testid="token-name" maxLength={100} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="scopes"
              label={t('admin.tokens.fields.scopes')}
              rules={[{ required: true, type: 'array', min: 1, message: t('admin.tokens.fields.scopesRequired') }]}
            >
              <Checkbox.Group<TokenScope> className="scope-options">
                <Flex vertical gap={8}>
                  {TOKEN_SCOPES.map((scope) => (
                    <Checkbox key={scope} value={scope}>
                      <span className="radio-title">{t(`tokenScopes.${SCOPE_KEYS[scope]}.label`)}</span>
                      <Typography.Text type="secondary" className="radio-text">
                        <code>{scope}</code> · {t(`tokenScopes.${SCOPE_KEYS[scope]}.hint`)}
                      </Typography.Text>
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            </Form.Item>
            <Form.Item name="expiresInDays" label={t('admin.tokens.fields.expiry')} extra={t('admin.tokens.fields.expiryHint')}>
              <Select
                options={EXPIRY_CHOICES.map((days) => ({
                  value: days,
                  label: days === 0 ? t('admin.tokens.fields.never') : t('admin.tokens.fields.days', { count: days }),
                }))}
                className="wb-expiry-select"
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
