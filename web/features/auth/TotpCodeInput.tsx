import { Input, type FormRule, type InputProps } from 'antd';
import type { TFunction } from 'i18next';
import { TOTP_CODE_PATTERN, normalizeTotpCode } from './totp';

/**
 * The six digits from the authenticator app: a numeric keypad on phones, and the operating
 * system's one-time-code suggestion where it offers one.
 */
export function TotpCodeInput(props: InputProps) {
  return (
    <Input
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      spellCheck={false}
      className="mono-input totp-input"
      placeholder="000000"
      {...props}
    />
  );
}

/** Form.Item settings of a code field: digits only, exactly six. */
export function totpCodeItemProps(t: TFunction): { normalize: (value: unknown) => string; rules: FormRule[] } {
  return {
    normalize: normalizeTotpCode,
    rules: [
      { required: true, message: t('auth.totp.codeRequired') },
      {
        validator: async (_rule, value: string | undefined) => {
          if (value && !TOTP_CODE_PATTERN.test(value)) throw new Error(t('auth.totp.codeSixDigits'));
        },
      },
    ],
  };
}
