// The to-dos' reminder pops (CTI-4): a card for each to-do whose reminder came — from todo.reminder,
// or the hello's `reminders` when the page connects — stacked at the top right over the page,
// until the user deals with it: Done, Snooze 10 min (a new reminder time re-arms it), or Dismiss
// (no reminder any more). Dealing with it on another page of the user closes it here too
// (todo.changed). A new pop beeps once, quietly, and shows a desktop notification while the tab is
// hidden (useReminderAlerts). The compact form, for the embedded toolbar's one row, is a line with
// the oldest reminder's title and customer, the same three buttons and how many more wait.
import { BellOutlined, ClockCircleOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Todo, TodoPatch } from '../api/types';
import { formatDateTime } from '../common/format';
import { useCti } from '../cti/CtiContext';
import { snoozedUntil } from './todos';
import { useReminderAlerts } from './useReminderAlerts';
import { useTodoActions } from './useTodoActions';

// More than this many at once are counted, not shown: each one shown can be dealt with, and the
// next takes its place.
const MAX_SHOWN = 3;
const ORANGE = '#fa8c16';

type Action = 'done' | 'snooze' | 'dismiss';

function ReminderButtons({ todo }: { todo: Todo }) {
  const { t } = useTranslation();
  const { update } = useTodoActions();
  const [busy, setBusy] = useState<Action | null>(null);

  const act = async (action: Action, patch: TodoPatch) => {
    setBusy(action);
    await update(todo.id, patch);
    setBusy(null);
  };
  const state = (action: Action) => ({ loading: busy === action, disabled: busy !== null && busy !== action });

  return (
    <Space size="small" wrap>
      <Button type="primary" size="small" {...state('done')} onClick={() => act('done', { done: true })}
        data-testid="todo-reminder-done">
        {t('todos.reminderDone')}
      </Button>
      <Button size="small" {...state('snooze')} onClick={() => act('snooze', { remind_at: snoozedUntil(Date.now()) })}
        data-testid="todo-reminder-snooze">
        {t('todos.snooze')}
      </Button>
      <Button size="small" type="text" {...state('dismiss')} onClick={() => act('dismiss', { remind_at: null })}
        data-testid="todo-reminder-dismiss">
        {t('todos.dismiss')}
      </Button>
    </Space>
  );
}

// The notes, the customer and the due time, under the title.
function ReminderDetails({ todo }: { todo: Todo }) {
  const { t } = useTranslation();
  return (
    <>
      {todo.notes && (
        <Typography.Paragraph ellipsis={{ rows: 4 }} style={{ marginBottom: 0, whiteSpace: 'pre-line' }}>
          {todo.notes}
        </Typography.Paragraph>
      )}
      {todo.customer_number && (
        <Typography.Text data-testid="todo-reminder-customer"><PhoneOutlined /> {todo.customer_number}</Typography.Text>
      )}
      {todo.due_at !== null && (
        <Typography.Text type="secondary"><ClockCircleOutlined /> {t('todos.due', { time: formatDateTime(todo.due_at) })}</Typography.Text>
      )}
    </>
  );
}

function ReminderCard({ todo }: { todo: Todo }) {
  const { t } = useTranslation();
  return (
    <Card size="small" role="alert" data-testid={`todo-reminder-${todo.id}`}
      style={{ boxShadow: '0 6px 16px rgba(0, 0, 0, 0.12)', borderLeft: `4px solid ${ORANGE}` }}
      title={<Space><BellOutlined style={{ color: ORANGE }} />{t('todos.reminder')}</Space>}
      extra={<Typography.Text type="secondary">{formatDateTime(todo.remind_at)}</Typography.Text>}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text strong data-testid="todo-reminder-title">{todo.title}</Typography.Text>
        <ReminderDetails todo={todo} />
        <div style={{ marginTop: 4 }}>
          <ReminderButtons todo={todo} />
        </div>
      </Space>
    </Card>
  );
}

// One row high: the title and the customer, the buttons, and "+n" for those waiting. The rest is in
// the browser's own tooltip (the title attribute): the toolbar's frame is too low for one of ours.
function ReminderLine({ todo, waiting }: { todo: Todo; waiting: number }) {
  const { t } = useTranslation();
  const due = todo.due_at !== null ? t('todos.due', { time: formatDateTime(todo.due_at) }) : '';
  const details = [todo.title, todo.notes, due].filter(Boolean).join('\n');
  return (
    <Space size="small" role="alert" data-testid={`todo-reminder-${todo.id}`}
      style={{ border: `1px solid ${ORANGE}`, borderRadius: 6, padding: '2px 4px 2px 8px', background: '#fff7e6' }}>
      <BellOutlined style={{ color: ORANGE }} aria-label={t('todos.reminder')} />
      <Typography.Text strong ellipsis={{ tooltip: false }} title={details} style={{ maxWidth: 240 }}
        data-testid="todo-reminder-title">
        {todo.title}
      </Typography.Text>
      {todo.customer_number && (
        <Typography.Text type="secondary" data-testid="todo-reminder-customer"><PhoneOutlined /> {todo.customer_number}</Typography.Text>
      )}
      <ReminderButtons todo={todo} />
      {waiting > 0 && (
        <Tag color="warning" title={t('todos.moreReminders', { n: waiting })} style={{ marginInlineEnd: 0 }}
          data-testid="todo-reminders-more">
          +{waiting}
        </Tag>
      )}
    </Space>
  );
}

export function ReminderStack({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { reminders } = useCti();
  useReminderAlerts(reminders);

  if (reminders.length === 0) return null;
  if (compact) {
    return (
      <div data-testid="todo-reminders" data-compact="true" aria-live="assertive" style={{ marginInlineStart: 'auto' }}>
        <ReminderLine key={reminders[0].id} todo={reminders[0]} waiting={reminders.length - 1} />
      </div>
    );
  }
  const hidden = reminders.length - MAX_SHOWN;
  return (
    <div data-testid="todo-reminders" aria-live="assertive"
      style={{
        position: 'fixed', top: 72, right: 16, width: 360, maxWidth: 'calc(100vw - 32px)', zIndex: 1050,
        display: 'flex', flexDirection: 'column', gap: 8, maxHeight: 'calc(100vh - 88px)', overflowY: 'auto',
      }}>
      {reminders.slice(0, MAX_SHOWN).map((todo) => (
        <ReminderCard key={todo.id} todo={todo} />
      ))}
      {hidden > 0 && (
        <Tag icon={<BellOutlined />} color="warning" style={{ alignSelf: 'flex-end', marginInlineEnd: 0 }}
          data-testid="todo-reminders-more">
          {t('todos.moreReminders', { n: hidden })}
        </Tag>
      )}
    </div>
  );
}
