import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../shell/use-is-mobile';

/** Where the person is in the import: upload, map the columns, run. */
export function ImportSteps({ current }: { current: 0 | 1 | 2 }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  return (
    <Steps
      current={current}
      size="small"
      // On a phone the titles alone fit one line; the step being done is named by the page anyway.
      titlePlacement={mobile ? 'vertical' : 'horizontal'}
      responsive={false}
      style={{ marginBottom: 24 }}
      items={[{ title: t('imports.steps.upload') }, { title: t('imports.steps.map') }, { title: t('imports.steps.run') }]}
    />
  );
}
