// The header's language switch (zh-CN / English); the choice is kept in localStorage.
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      data-testid="language-switch"
      value={currentLanguage()}
      key={i18n.language}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
      onChange={(value) => chooseLanguage(value)}
    />
  );
}
