import { DownloadOutlined, PrinterOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import type { ReportReceipt } from '../../../contracts/reports';
import { LinkButton } from '../../shared/LinkButton';
import { downloadTextFile } from '../../shared/download';
import { formatBytes, formatDateTime } from '../../shared/format';
import { receiptText, trackingUrl } from './receipt-text';
import { formatTrackingCode } from './tracking-code';
import type { TrackLocationState } from './TrackPage';

/** What the report form hands to the receipt page through the router (kept out of the URL). */
export interface ReceiptLocationState {
  receipt: ReportReceipt;
}

function receiptFrom(state: unknown): ReportReceipt | null {
  if (typeof state !== 'object' || state === null || !('receipt' in state)) return null;
  const receipt = (state as { receipt: unknown }).receipt as Partial<ReportReceipt> | null;
  if (!receipt || typeof receipt.trackingCode !== 'string' || typeof receipt.accessKey !== 'string') return null;
  return { status: 'received', receivedAt: new Date().toISOString(), evidence: [], ...receipt } as ReportReceipt;
}

/** `/report/receipt`: the tracking code and access key, shown once, with ways to keep them. */
export function ReceiptPage() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const receipt = receiptFrom(location.state);
  const language = i18n.language;

  if (!receipt) {
    return (
      <>
        <title>{`${t('receipt.missing.title')} · ${t('product.name')}`}</title>
        <Result
          status="info"
          title={t('receipt.missing.title')}
          subTitle={t('receipt.missing.text')}
          extra={
            <Flex gap={12} wrap justify="center">
              <LinkButton to="/track" type="primary">
                {t('layout.nav.track')}
              </LinkButton>
              <LinkButton to="/report">{t('receipt.missing.newReport')}</LinkButton>
            </Flex>
          }
        />
      </>
    );
  }

  const trackState: TrackLocationState = { accessKey: receipt.accessKey };
  const grouped = formatTrackingCode(receipt.trackingCode);

  return (
    <Flex vertical gap={24} className="receipt">
      <title>{`${t('receipt.title')} · ${t('product.name')}`}</title>
      <Result
        status="success"
        className="receipt-result"
        title={<h1 className="receipt-heading">{t('receipt.title')}</h1>}
        subTitle={t('receipt.subtitle', { time: formatDateTime(receipt.receivedAt, language) })}
      />

      <Card title={<h2 className="card-heading">{t('receipt.credentialsTitle')}</h2>} className="receipt-card">
        <Flex vertical gap={20}>
          <div>
            <Typography.Text type="secondary" className="secret-label" id="receipt-code-label">
              {t('receipt.trackingCode')}
            </Typography.Text>
            <Typography.Text copyable={{ text: receipt.trackingCode }} className="secret-value" aria-labelledby="receipt-code-label">
              <span data-testid="receipt-tracking-code">{receipt.trackingCode}</span>
            </Typography.Text>
            {grouped !== receipt.trackingCode && (
              <Typography.Text type="secondary" className="secret-hint">
                {t('receipt.codeGrouped', { code: grouped })}
              </Typography.Text>
            )}
          </div>
          <div>
            <Typography.Text type="secondary" className="secret-label" id="receipt-key-label">
              {t('receipt.accessKey')}
            </Typography.Text>
            <Typography.Text copyable={{ text: receipt.accessKey }} className="secret-value" aria-labelledby="receipt-key-label">
              <span data-testid="receipt-access-key">{receipt.accessKey}</span>
            </Typography.Text>
          </div>
          <Typography.Text className="print-only">
            {t('receipt.file.trackAt')}
            {t('common.labelSeparator')}
            {trackingUrl(receipt.trackingCode)}
          </Typography.Text>
          <Alert type="warning" showIcon title={t('receipt.keyWarningTitle')} description={t('receipt.keyWarning')} />
          <Flex gap={12} wrap className="no-print">
            <Button
              data-testid="receipt-download"
              icon={<DownloadOutlined />}
              onClick={() => downloadTextFile(`qinglang-${receipt.trackingCode}.txt`, receiptText(receipt, t, language))}
            >
              {t('receipt.download')}
            </Button>
            <Button data-testid="receipt-print" icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t('receipt.print')}
            </Button>
            <LinkButton
              data-testid="receipt-track-link"
              type="primary"
              icon={<SearchOutlined />}
              to={`/track/${receipt.trackingCode}`}
              state={trackState}
            >
              {t('receipt.track')}
            </LinkButton>
          </Flex>
        </Flex>
      </Card>

      <Card title={<h2 className="card-heading">{t('receipt.evidenceTitle')}</h2>}>
        {receipt.evidence.length === 0 ? (
          <Typography.Text type="secondary">{t('receipt.noEvidence')}</Typography.Text>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('receipt.evidenceText')}</Typography.Paragraph>
            <ol className="evidence-list" data-testid="receipt-evidence">
              {receipt.evidence.map((file, index) => (
                <li key={`${index}:${file.sha256}`} className="evidence-item">
                  <Typography.Text strong>
                    {file.fileName} <Typography.Text type="secondary">({formatBytes(file.size, language)})</Typography.Text>
                  </Typography.Text>
                  <Typography.Text copyable={{ text: file.sha256 }} className="hash">
                    SHA-256: {file.sha256}
                  </Typography.Text>
                </li>
              ))}
            </ol>
          </>
        )}
      </Card>
    </Flex>
  );
}
