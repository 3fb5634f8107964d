// Adding or editing a to-do (CTI-4): title, notes, due time, reminder time (with quick choices: in
// 10 minutes, in an hour, tomorrow 9:00) and, for a new one, the customer's number — filled in when
// it is noted from a call's pop, together with the call. An edit sends only what changed, so saving
// a to-do without touching its reminder does not re-arm it.
import { BellOutlined } from '@ant-design/icons';
import { App, Button, Col, DatePicker, Flex, Form, Input, Modal, Row, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Todo } from '../api/types';
import { QUICK_REMINDERS, quickReminderAt, todoPatch } from './todos';
import { useTodoActions } from './useTodoActions';

// Shown to the minute; typed also with seconds (a reminder a few seconds ahead).
const TIME_FORMATS = ['YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss'];

export interface TodoPrefill {
  customer_number?: string;
  call_id?: string;
}

interface Props {
  open: boolean;
  // The to-do to edit; null adds one.
  todo: Todo | null;
  prefill?: TodoPrefill;
  onClose: () => void;
}

interface Values {
  title: string;
  notes?: string;
  due_at?: Dayjs | null;
  remind_at?: Dayjs | null;
  customer_number?: string;
}

const toMs = (value: Dayjs | null | undefined) => (value ? value.valueOf() : null);
const toDayjs = (ms: number | null) => (ms === null ? null : dayjs(ms));

export function TodoFormModal({ open, todo, prefill, onClose }: Props) {
  const { t } = useTranslation();
  // The form (and its store) mounts afresh each time the dialog opens: nothing typed last time, in
  // another to-do, stays.
  return (
    <Modal open={open} title={todo ? t('todos.editTitle') : t('todos.newTitle')} onCancel={onClose} footer={null}
      destroyOnHidden>
      <TodoForm todo={todo} prefill={prefill} onClose={onClose} />
    </Modal>
  );
}

function TodoForm({ todo, prefill, onClose }: Omit<Props, 'open'>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { create, update } = useTodoActions();
  const [saving, setSaving] = useState(false);
  const callId = todo ? todo.call_id : (prefill?.call_id ?? null);
  const initialValues: Values = todo
    ? { title: todo.title, notes: todo.notes, due_at: toDayjs(todo.due_at), remind_at: toDayjs(todo.remind_at) }
    : { title: '', notes: '', due_at: null, remind_at: null, customer_number: prefill?.customer_number ?? '' };

  const save = async (values: Values) => {
    const fields = {
      title: values.title.trim(),
      notes: values.notes ?? '',
      due_at: toMs(values.due_at),
      remind_at: toMs(values.remind_at),
    };
    setSaving(true);
    try {
      if (todo) {
        const patch = todoPatch(todo, fields);
        if (Object.keys(patch).length > 0 && !(await update(todo.id, patch, form))) return;
      } else {
        const customer = values.customer_number?.trim() ?? '';
        const saved = await create({ ...fields, customer_number: customer || null, call_id: callId }, form);
        if (!saved) return;
        message.success(t('todos.added'));
      }
      onClose();
    } finally {
      setSaving(false);
    }
  };

  const timePicker = (testId: string) => (
    <DatePicker showTime={{ format: 'HH:mm' }} format={TIME_FORMATS} needConfirm={false} style={{ width: '100%' }}
      data-testid={testId} />
  );

  return (
    <Form form={form} name="todo" layout="vertical" onFinish={save} initialValues={initialValues} data-testid="todo-form">
      <Form.Item name="title" label={t('todos.fields.title')}
        rules={[{ required: true, whitespace: true, message: t('todos.titleRequired') }, { max: 200 }]}>
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item name="notes" label={t('todos.fields.notes')} rules={[{ max: 4000 }]}>
        <Input.TextArea maxLength={4000} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="due_at" label={t('todos.fields.due_at')}>
            {timePicker('todo-due')}
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="remind_at" label={<Space size={4}><BellOutlined />{t('todos.fields.remind_at')}</Space>}
            tooltip={t('todos.remindHint')}
            extra={
              <Space size={4} wrap style={{ marginTop: 4 }}>
                {QUICK_REMINDERS.map((choice) => (
                  <Button key={choice} size="small" data-testid={`todo-quick-${choice}`}
                    onClick={() => form.setFieldValue('remind_at', dayjs(quickReminderAt(choice, Date.now())))}>
                    {t(`todos.quick.${choice}`)}
                  </Button>
                ))}
              </Space>
            }>
            {timePicker('todo-remind')}
          </Form.Item>
        </Col>
      </Row>
      {todo ? (
        todo.customer_number && (
          <Form.Item label={t('todos.fields.customer_number')}>
            <Typography.Text>{todo.customer_number}</Typography.Text>
          </Form.Item>
        )
      ) : (
        <Form.Item name="customer_number" label={t('todos.fields.customer_number')} rules={[{ max: 32 }]}>
          <Input maxLength={32} />
        </Form.Item>
      )}
      {callId && (
        <Typography.Text type="secondary" data-testid="todo-call-id">{t('todos.fromCall', { call: callId })}</Typography.Text>
      )}
      <Flex justify="end" gap="small" style={{ marginTop: 16 }}>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        {/* Not a submit button: Enter in a field (a time typed in) does not save half a form. */}
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="todo-save">{t('common.save')}</Button>
      </Flex>
    </Form>
  );
}
