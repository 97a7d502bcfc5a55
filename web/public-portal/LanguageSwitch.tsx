import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage } from '../app/i18n';

/**
 * One button that switches between Chinese and English. Its text is the other language's own name
 * (`English`, `中文`), marked with that language so screen readers pronounce it right.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const next = currentLanguage() === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      data-testid="lang-switch"
      type="text"
      icon={<GlobalOutlined />}
      lang={next}
      title={t('layout.switchLanguage')}
      onClick={() => void changeLanguage(next)}
    >
      {t('layout.otherLanguage')}
    </Button>
  );
}
