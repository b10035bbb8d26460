import { WarningOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Modal, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import type { DuplicateCandidate } from '../../api/types';
import { EmailLinks, PhoneLinks } from './customer-values';

/** The candidates of a 409 likely_duplicates answer, or undefined for any other error. */
export function duplicatesOf(err: unknown): DuplicateCandidate[] | undefined {
  if (!(err instanceof ApiError) || err.status !== 409 || err.problem.reason !== 'likely_duplicates') return undefined;
  const { duplicates } = err.problem;
  return Array.isArray(duplicates) ? (duplicates as DuplicateCandidate[]) : [];
}

type DuplicateWarningProps = {
  candidates: DuplicateCandidate[] | undefined;
  saving: boolean;
  onSaveAnyway: () => void;
  onClose: () => void;
};

/**
 * Before a customer is saved that looks like one already on file: who it looks like, how much and
 * why, so the person can open the existing customer instead of making a second one.
 */
export function DuplicateWarning({ candidates, saving, onSaveAnyway, onClose }: DuplicateWarningProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Modal
      open={candidates !== undefined}
      title={
        <Flex gap={8} align="center">
          <WarningOutlined style={{ color: '#faad14' }} />
          {t('customers.duplicateCheck.title')}
        </Flex>
      }
      onCancel={onClose}
      footer={
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={onClose}>{t('customers.duplicateCheck.keepEditing')}</Button>
          <Button type="primary" danger loading={saving} onClick={onSaveAnyway} data-testid="duplicates-save-anyway">
            {t('customers.duplicateCheck.saveAnyway')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('customers.duplicateCheck.intro')}</Typography.Paragraph>
      <Flex vertical gap={8} data-testid="duplicates-panel">
        {(candidates ?? []).map(({ customer, score, reasons }) => (
          <Card key={customer.id} size="small" data-testid="duplicate-candidate">
            <Flex gap={12} align="start">
              <Progress type="circle" size={44} percent={Math.round(score)} aria-label={t('customers.duplicateCheck.score')} />
              <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
                <Flex gap={8} wrap align="baseline">
                  <Typography.Text strong>{customer.name}</Typography.Text>
                  <Typography.Text type="secondary">{customer.code}</Typography.Text>
                </Flex>
                <Flex gap={4} wrap>
                  {reasons.map((reason) => (
                    <Tag key={reason} color="orange">
                      {t(`customers.duplicateReasons.${reason}`, { defaultValue: reason })}
                    </Tag>
                  ))}
                </Flex>
                {customer.phones.length ? <PhoneLinks phones={customer.phones} /> : null}
                {customer.emails.length ? <EmailLinks emails={customer.emails} /> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[customer.city, customer.ownerName && t('customers.duplicateCheck.ownedBy', { name: customer.ownerName })]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
                <Button
                  size="small"
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() => void navigate(`/customers/${customer.id}`)}
                  data-testid="duplicate-open"
                >
                  {t('customers.duplicateCheck.open')}
                </Button>
              </Flex>
            </Flex>
          </Card>
        ))}
      </Flex>
    </Modal>
  );
}
