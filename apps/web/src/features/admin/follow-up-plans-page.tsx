import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Skeleton, Switch, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { Tier } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { useFormSubmit } from '../../components/use-form-submit';
import { can, useMe } from '../identity/session';
import { FOLLOW_UP_PLANS_KEY, useFollowUpPlans } from '../reports/report-queries';
import type { FollowUpPlan } from '../reports/types';
import { useIsMobile } from '../shell/use-is-mobile';
import { AdminPage } from './admin-page';

type PlanValues = { tier: Tier; active: boolean; intervalDays: number; title?: string | null };
type PlansFormValues = { plans: PlanValues[] };

function PlansForm({ plans }: { plans: FollowUpPlan[] }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const { token } = theme.useToken();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlansFormValues>();
  const { submit, busy } = useFormSubmit(
    form,
    async ({ plans: values }: PlansFormValues) => {
      const body = {
        plans: values.map((plan, i) => {
          const title = plan.title?.trim();
          // An emptied title goes back to the default one.
          return { tier: plans[i]!.tier, active: plan.active, intervalDays: plan.intervalDays, title: title ? title : null };
        }),
      };
      const saved = await request<{ data: FollowUpPlan[] }>('PUT', '/v1/follow-up-plans', { body });
      queryClient.setQueryData(FOLLOW_UP_PLANS_KEY, saved);
    },
    { success: t('common.saved') },
  );

  return (
    <Form<PlansFormValues>
      form={form}
      layout="vertical"
      initialValues={{ plans: plans.map((p) => ({ ...p, title: p.title ?? '' })) }}
      onFinish={submit}
      style={{ maxWidth: 720 }}
      data-testid="follow-up-plans-form"
    >
      {plans.map((plan, i) => (
        <div
          key={plan.tier}
          data-testid={`follow-up-plan-${plan.tier}`}
          style={{ borderTop: i ? `1px solid ${token.colorBorderSecondary}` : undefined, paddingTop: i ? 16 : 0, marginBottom: 8 }}
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t(`customers.tiers.${plan.tier}`)}
          </Typography.Title>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: mobile ? '1fr 1fr' : 'auto 160px 1fr',
              columnGap: 16,
              alignItems: 'start',
            }}
          >
            <Form.Item name={['plans', i, 'active']} label={t('reports.plans.active')} valuePropName="checked">
              <Switch data-testid={`follow-up-plan-${plan.tier}-active`} />
            </Form.Item>
            <Form.Item
              name={['plans', i, 'intervalDays']}
              label={t('reports.plans.interval')}
              rules={[{ required: true, type: 'integer', min: 1, max: 3650, message: t('reports.plans.intervalRange') }]}
            >
              <InputNumber<number>
                min={1}
                max={3650}
                precision={0}
                suffix={t('reports.plans.intervalUnit')}
                style={{ width: '100%' }}
                data-testid={`follow-up-plan-${plan.tier}-days`}
              />
            </Form.Item>
            <Form.Item name={['plans', i, 'title']} label={t('reports.plans.title')} style={mobile ? { gridColumn: '1 / -1' } : undefined}>
              <Input maxLength={200} placeholder={t('reports.plans.defaultTitle')} data-testid={`follow-up-plan-${plan.tier}-title`} />
            </Form.Item>
          </div>
        </div>
      ))}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="follow-up-plans-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** Settings → 定期回访: per value tier, whether and how often its customers are to be followed up. */
export function FollowUpPlansPage() {
  const { t } = useTranslation();
  const plans = useFollowUpPlans(can(useMe(), 'admin.settings'));
  return (
    <AdminPage title={t('settings.pages.follow-up-plans')} description={t('reports.plans.intro')}>
      {plans.error ? (
        <Alert type="error" showIcon title={describeError(t, plans.error)} />
      ) : plans.data ? (
        <PlansForm key={plans.dataUpdatedAt} plans={plans.data.data} />
      ) : (
        <Skeleton active />
      )}
    </AdminPage>
  );
}
