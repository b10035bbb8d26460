import { useQueryClient } from '@tanstack/react-query';
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { RECURRENCE_UNITS, TASK_PRIORITIES, type RecurrenceUnit, type Task, type TaskInput, type TaskPriority } from '../../api/types';
import { ColleagueSelect } from '../../components/colleague-select';
import { blankToNull, requiredRule } from '../../components/form-rules';
import { useFormSubmit } from '../../components/use-form-submit';
import { useMe } from '../identity/session';
import { CustomerSelect } from './customer-select';
import { refreshInteractions } from './interaction-queries';

type TaskFormValues = {
  title: string;
  notes?: string | null;
  customerId?: string | null;
  ownerId?: string | null;
  dueAt?: Dayjs | null;
  priority: TaskPriority;
  remindAt?: Dayjs | null;
  repeats?: boolean;
  recurrence?: { every?: number | null; unit?: RecurrenceUnit };
};

const DATE_TIME = 'YYYY-MM-DD HH:mm';

function taskValues(task: Task | undefined, me: { id: string }, customerId: string | undefined): Partial<TaskFormValues> {
  if (!task) {
    return {
      ownerId: me.id,
      customerId: customerId ?? null,
      priority: 'normal',
      dueAt: dayjs().add(1, 'day').hour(9).minute(0).second(0).millisecond(0),
      repeats: false,
      recurrence: { every: 1, unit: 'week' },
    };
  }
  return {
    title: task.title,
    notes: task.notes,
    customerId: task.customerId,
    ownerId: task.ownerId,
    dueAt: task.dueAt ? dayjs(task.dueAt) : null,
    priority: task.priority,
    remindAt: task.remindAt ? dayjs(task.remindAt) : null,
    repeats: task.recurrence !== null,
    recurrence: task.recurrence ?? { every: 1, unit: 'week' },
  };
}

function taskBody(values: TaskFormValues): TaskInput {
  const every = values.recurrence?.every;
  return {
    title: values.title.trim(),
    notes: blankToNull(values.notes),
    customerId: values.customerId ?? null,
    // Left empty, the task is the caller's own.
    ownerId: values.ownerId ?? undefined,
    dueAt: values.dueAt ? values.dueAt.format() : null,
    priority: values.priority,
    remindAt: values.remindAt ? values.remindAt.format() : null,
    recurrence: values.repeats && every ? { every, unit: values.recurrence?.unit ?? 'week' } : null,
  };
}

/** A colleague select that knows one person by name before any search: the task's owner, or me. */
function OwnerSelect({
  value,
  onChange,
  known,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  known: { id: string; name: string | null };
}) {
  return <ColleagueSelect value={value} onChange={onChange} knownName={value === known.id ? known.name : null} testId="task-owner" />;
}

function RecurrenceFields() {
  const { t } = useTranslation();
  const repeats = Form.useWatch<boolean | undefined>('repeats');
  return (
    <Row gutter={12} align="bottom">
      <Col flex="none">
        <Form.Item name="repeats" label={t('interactions.tasks.fields.recurrence')} valuePropName="checked">
          <Switch data-testid="task-repeats" />
        </Form.Item>
      </Col>
      {repeats ? (
        <>
          <Col flex="1 1 100px">
            <Form.Item
              name={['recurrence', 'every']}
              label={t('interactions.tasks.fields.every')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} data-testid="task-every" />
            </Form.Item>
          </Col>
          <Col flex="1 1 120px">
            <Form.Item name={['recurrence', 'unit']} label={t('interactions.tasks.fields.unit')}>
              <Select
                options={RECURRENCE_UNITS.map((unit) => ({ value: unit, label: t(`interactions.tasks.units.${unit}`) }))}
                data-testid="task-unit"
              />
            </Form.Item>
          </Col>
        </>
      ) : null}
    </Row>
  );
}

type TaskModalProps = {
  open: boolean;
  onClose: () => void;
  /** The task to edit; without it a new one is created. */
  task?: Task;
  /** A new task's customer, when it is created from a customer's page. */
  customer?: { id: string; name: string };
};

/**
 * Creates or edits a task: what, for which customer, whose, when, how urgent, and whether it repeats.
 * Each opening starts a fresh form, filled from the task as it is now.
 */
export function TaskModal(props: TaskModalProps) {
  const [session, setSession] = useState(0);
  const [wasOpen, setWasOpen] = useState(props.open);
  if (props.open !== wasOpen) {
    setWasOpen(props.open);
    if (props.open) setSession((n) => n + 1);
  }
  // A reload after a 412 brings the fresh version into the open form.
  return <TaskDialog key={`${session}:${props.task?.version ?? 'new'}`} {...props} />;
}

function TaskDialog({ open, onClose, task, customer }: TaskModalProps) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TaskFormValues>();
  const knownCustomer = task?.customerId ? { id: task.customerId, name: task.customerName ?? '' } : (customer ?? null);
  const knownOwner = task ? { id: task.ownerId, name: task.ownerName } : { id: me.id, name: me.name };
  const { submit, busy } = useFormSubmit(form, async (values: TaskFormValues) => {
    if (task) {
      await api.patch<Task>(`/v1/tasks/${task.id}`, taskBody(values), task.version);
      void message.success(t('common.saved'));
    } else {
      await api.post<Task>('/v1/tasks', taskBody(values));
      void message.success(t('interactions.tasks.created'));
    }
    onClose();
    await refreshInteractions(queryClient);
  });

  return (
    <Modal
      open={open}
      title={task ? t('interactions.tasks.edit') : t('interactions.tasks.new')}
      okText={task ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ htmlType: 'submit' }}
      destroyOnHidden
      modalRender={(dom) => (
        <Form<TaskFormValues> form={form} layout="vertical" initialValues={taskValues(task, me, customer?.id)} onFinish={submit}>
          {dom}
        </Form>
      )}
    >
      <Form.Item name="title" label={t('interactions.tasks.fields.title')} rules={[requiredRule(t)]}>
        <Input maxLength={200} autoComplete="off" autoFocus data-testid="task-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="customerId" label={t('interactions.tasks.fields.customer')}>
            <CustomerSelect known={knownCustomer} testId="task-customer" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="ownerId" label={t('interactions.tasks.fields.owner')} extra={t('interactions.tasks.ownerHelp')}>
            <OwnerSelect known={knownOwner} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="dueAt" label={t('interactions.tasks.fields.dueAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME} style={{ width: '100%' }} data-testid="task-due" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="priority" label={t('interactions.tasks.fields.priority')}>
            <Select
              options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`interactions.tasks.priorities.${p}`) }))}
              data-testid="task-priority"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="remindAt" label={t('interactions.tasks.fields.remindAt')} extra={t('interactions.tasks.fields.remindAtHelp')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME} style={{ width: '100%' }} data-testid="task-remind" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <RecurrenceFields />
        </Col>
      </Row>
      <Form.Item name="notes" label={t('interactions.tasks.fields.notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="task-notes" />
      </Form.Item>
    </Modal>
  );
}
