import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../api/types';
import { currentLocale, isLocale, LOCALE_NAMES } from '../../i18n';
import { useChangeLocale } from '../identity/use-locale';

export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const changeLocale = useChangeLocale();
  const locale = currentLocale();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({
          key: l,
          // Menu items take no data attributes of their own, so the hook sits on the label.
          label: (
            <span lang={l} data-testid={`lang-${l}`}>
              {LOCALE_NAMES[l]}
            </span>
          ),
        })),
        onClick: ({ key }) => {
          if (isLocale(key)) void changeLocale(key);
        },
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('shell.language')} data-testid="lang-switch">
        {compact ? null : LOCALE_NAMES[locale]}
      </Button>
    </Dropdown>
  );
}
