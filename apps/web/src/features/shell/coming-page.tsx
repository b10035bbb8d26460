import { Card, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DOMAIN_ICONS, type Domain } from './domains';

/** An honest page for a domain that is not built yet: what will be here, and nothing pretending. */
export function ComingPage({ domain }: { domain: Domain }) {
  const { t } = useTranslation();
  const features = t(`coming.${domain}.features`, { returnObjects: true }) as string[];
  return (
    <Card>
      <Result
        icon={<span style={{ fontSize: 64, color: '#1677ff' }}>{DOMAIN_ICONS[domain]}</span>}
        title={t('coming.title', { domain: t(`nav.${domain}`) })}
        subTitle={t(`coming.${domain}.summary`)}
      >
        <Typography.Paragraph strong>{t('coming.whatWillCome')}</Typography.Paragraph>
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {features.map((feature) => (
            <li key={feature}>
              <Typography.Text>{feature}</Typography.Text>
            </li>
          ))}
        </ul>
      </Result>
    </Card>
  );
}
