import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../contracts/orgs';

export interface NewPasswordFieldsProps {
  /** The field name of the new password as the API names it (`password`, `newPassword`). */
  name: string;
  label: string;
}

/**
 * A new password and its repetition. The length is checked here; whether it is too common or
 * contains the person's name only the server knows, and its message lands on the same field.
 */
export function NewPasswordFields({ name, label }: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        extra={t('auth.password.rules', { min: PASSWORD_MIN_LENGTH })}
        rules={[
          { required: true, message: t('auth.password.required') },
          { min: PASSWORD_MIN_LENGTH, message: t('auth.password.tooShort', { min: PASSWORD_MIN_LENGTH }) },
          { max: PASSWORD_MAX_LENGTH, message: t('auth.password.tooLong', { max: PASSWORD_MAX_LENGTH }) },
        ]}
        hasFeedback
      >
        <Input.Password data-testid="new-password" autoComplete="new-password" maxLength={PASSWORD_MAX_LENGTH} />
      </Form.Item>
      <Form.Item
        name={`${name}Repeat`}
        label={t('auth.password.repeat')}
        dependencies={[name]}
        hasFeedback
        rules={[
          { required: true, message: t('auth.password.repeatRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (value && value !== getFieldValue(name)) throw new Error(t('auth.password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password data-testid="new-password-repeat" autoComplete="new-password" maxLength={PASSWORD_MAX_LENGTH} />
      </Form.Item>
    </>
  );
}
