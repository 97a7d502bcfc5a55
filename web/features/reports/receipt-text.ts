import type { TFunction } from 'i18next';
import type { ReportReceipt } from '../../../contracts/reports';
import { formatBytes, formatDateTime, userTimeZone } from '../../shared/format';

/** Where the reporter follows the report; the access key is deliberately not part of it. */
export function trackingUrl(trackingCode: string, origin: string = window.location.origin): string {
  return `${origin}/track/${encodeURIComponent(trackingCode)}`;
}

/**
 * The receipt as a plain-text file the reporter keeps: code, key, where to look, and the evidence
 * digests. Windows line endings, since that is where plain text files most often end up opened.
 */
export function receiptText(receipt: ReportReceipt, t: TFunction, language: string): string {
  const sep = t('common.labelSeparator');
  const lines = [
    `${t('product.name')} · ${t('product.tagline')}`,
    t('receipt.file.heading'),
    '',
    `${t('receipt.trackingCode')}${sep}${receipt.trackingCode}`,
    `${t('receipt.accessKey')}${sep}${receipt.accessKey}`,
    `${t('receipt.receivedAt')}${sep}${formatDateTime(receipt.receivedAt, language)} (${userTimeZone()})`,
    `${t('receipt.file.trackAt')}${sep}${trackingUrl(receipt.trackingCode)}`,
    '',
  ];
  if (receipt.evidence.length > 0) {
    lines.push(t('receipt.evidenceTitle'));
    receipt.evidence.forEach((file, index) => {
      lines.push(`${index + 1}. ${file.fileName} (${formatBytes(file.size, language)})`);
      lines.push(`   SHA-256: ${file.sha256}`);
    });
    lines.push('');
  }
  lines.push(t('receipt.file.keyWarning'));
  return lines.join('\r\n') + '\r\n';
}
