import { MobileOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Form, Grid, Input, QRCode, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MAX_LENGTH } from '../../../contracts/orgs';
import type { TotpOffer } from './api';
import { TotpCodeInput, totpCodeItemProps } from './TotpCodeInput';
import { groupSecret } from './totp';

/** What the enrolment step puts into its form. */
export interface TotpEnrolmentValues {
  code: string;
  password?: string;
}

export interface TotpEnrolmentFieldsProps {
  offer: TotpOffer;
  /** Re-enrolling an account that already has an authenticator asks for the password too. */
  passwordRequired?: boolean;
}

/**
 * Setting up an authenticator app: the QR code to scan, the key to type in by hand, and the field
 * for the first code, which proves the app and the server agree. Goes inside the caller's Form.
 */
export function TotpEnrolmentFields({ offer, passwordRequired = false }: TotpEnrolmentFieldsProps) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();

  return (
    <Flex vertical gap={16}>
      <ol className="enrol-steps">
        <li>{t('auth.totp.stepInstall')}</li>
        <li>{t('auth.totp.stepScan')}</li>
        <li>{t('auth.totp.stepCode')}</li>
      </ol>
      <Row gutter={[24, 16]} align="middle">
        <Col xs={24} sm={10} className="enrol-qr-col">
          <QRCode
            data-testid="totp-qr"
            value={offer.otpauthUri}
            type="svg"
            size={176}
            errorLevel="M"
            aria-label={t('auth.totp.qrLabel')}
            role="img"
          />
        </Col>
        <Col xs={24} sm={14}>
          <Flex vertical gap={8}>
            <Typography.Text type="secondary" id="totp-secret-label">
              {t('auth.totp.manualLabel')}
            </Typography.Text>
            <Typography.Text
              copyable={{ text: offer.secret, tooltips: [t('common.copy'), t('common.copied')] }}
              className="totp-secret"
              aria-labelledby="totp-secret-label"
            >
              <span data-testid="totp-secret">{groupSecret(offer.secret)}</span>
            </Typography.Text>
            <Typography.Text type="secondary" className="field-hint">
              {t('auth.totp.manualHint')}
            </Typography.Text>
            {!screens.md && (
              <Button href={offer.otpauthUri} icon={<MobileOutlined />} className="enrol-open-app">
                {t('auth.totp.openApp')}
              </Button>
            )}
          </Flex>
        </Col>
      </Row>
      {passwordRequired && (
        <Form.Item
          name="password"
          label={t('auth.totp.currentPassword')}
          extra={t('auth.totp.currentPasswordHint')}
          rules={[{ required: true, message: t('auth.password.currentRequired') }]}
        >
          <Input.Password data-testid="enrol-password" autoComplete="current-password" maxLength={PASSWORD_MAX_LENGTH * 4} />
        </Form.Item>
      )}
      <Form.Item name="code" label={t('auth.totp.codeLabel')} extra={t('auth.totp.codeHint')} {...totpCodeItemProps(t)}>
        <TotpCodeInput data-testid="enrol-code" />
      </Form.Item>
    </Flex>
  );
}
