import { SearchOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCESS_KEY_MAX_LENGTH, isWellFormedTrackingCode, normalizeAccessKey, normalizeTrackingCode } from './tracking-code';

interface LookupValues {
  trackingCode: string;
  accessKey: string;
}

export interface TrackLookupFormProps {
  initialCode?: string;
  initialKey?: string;
  loading?: boolean;
  /** Called with the tidied code and key. */
  onLookup: (trackingCode: string, accessKey: string) => void;
  /** Distinguishes the form's field ids when more than one is on a page. */
  name?: string;
}

/** Tracking code and access key, checked for shape before anything is sent. */
export function TrackLookupForm({ initialCode = '', initialKey = '', loading = false, onLookup, name = 'track' }: TrackLookupFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LookupValues>();

  useEffect(() => {
    form.setFieldsValue({ trackingCode: initialCode, accessKey: initialKey });
  }, [form, initialCode, initialKey]);

  return (
    <Form<LookupValues>
      form={form}
      name={name}
      layout="vertical"
      requiredMark={false}
      initialValues={{ trackingCode: initialCode, accessKey: initialKey }}
      onFinish={(values) => onLookup(normalizeTrackingCode(values.trackingCode), normalizeAccessKey(values.accessKey))}
    >
      <Form.Item
        name="trackingCode"
        label={t('track.form.code')}
        extra={t('track.form.codeHint')}
        rules={[
          { required: true, whitespace: true, message: t('track.form.codeRequired') },
          {
            validator: async (_rule, value: string | undefined) => {
              if (value && value.trim() && !isWellFormedTrackingCode(normalizeTrackingCode(value)))
                throw new Error(t('track.form.codeMalformed'));
            },
          },
        ]}
      >
        <Input
          data-testid="track-code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          maxLength={40}
          placeholder={t('track.form.codePlaceholder')}
          className="mono-input"
        />
      </Form.Item>
      <Form.Item
        name="accessKey"
        label={t('track.form.key')}
        extra={t('track.form.keyHint')}
        rules={[
          { required: true, whitespace: true, message: t('track.form.keyRequired') },
          { max: ACCESS_KEY_MAX_LENGTH, message: t('track.form.keyTooLong') },
        ]}
      >
        <Input.Password data-testid="track-key" autoComplete="off" autoCapitalize="characters" spellCheck={false} className="mono-input" />
      </Form.Item>
      <Form.Item className="form-actions">
        <Button data-testid="track-submit" type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading} block>
          {t('track.form.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
