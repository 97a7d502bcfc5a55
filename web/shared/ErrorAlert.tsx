import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from './error-message';

/**
 * Why something failed to load or send, in the reader's words (the problem's localized title and
 * detail), announced to screen readers; nothing while there is no error.
 */
export function ErrorAlert({ error, className, testId }: { error: unknown; className?: string; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const { title, detail } = describeError(error, t);
  return <Alert type="error" showIcon role="alert" title={title} description={detail} className={className} data-testid={testId} />;
}
