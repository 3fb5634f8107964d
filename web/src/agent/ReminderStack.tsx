// The to-dos' reminder pops (CTI-4): a card for each to-do whose reminder came — from todo.reminder,
// or the hello's `reminders` when the desktop connects — stacked at the top right over the desk,
// until the user deals with it: Done, Snooze 10 min (a new reminder time re-arms it), or Dismiss
// (no reminder any more). Dealing with it on another desktop of the user closes it here too
// (todo.changed). A new pop beeps once, quietly.
import { BellOutlined, ClockCircleOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Todo, TodoPatch } from '../api/types';
import { beep } from '../common/beep';
import { formatDateTime } from '../common/format';
import { useCti } from '../cti/CtiContext';
import { snoozedUntil } from './todos';
import { useTodoActions } from './useTodoActions';

// More than this many at once are counted, not shown: each one shown can be dealt with, and the
// next takes its place.
const MAX_SHOWN = 3;

type Action = 'done' | 'snooze' | 'dismiss';

function ReminderCard({ todo }: { todo: Todo }) {
  const { t } = useTranslation();
  const { update } = useTodoActions();
  const [busy, setBusy] = useState<Action | null>(null);

  const act = async (action: Action, patch: TodoPatch) => {
    setBusy(action);
    await update(todo.id, patch);
    setBusy(null);
  };

  return (
    <Card size="small" role="alert" data-testid={`todo-reminder-${todo.id}`}
      style={{ boxShadow: '0 6px 16px rgba(0, 0, 0, 0.12)', borderLeft: '4px solid #fa8c16' }}
      title={<Space><BellOutlined style={{ color: '#fa8c16' }} />{t('todos.reminder')}</Space>}
      extra={<Typography.Text type="secondary">{formatDateTime(todo.remind_at)}</Typography.Text>}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text strong data-testid="todo-reminder-title">{todo.title}</Typography.Text>
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
        <Space size="small" wrap style={{ marginTop: 4 }}>
          <Button type="primary" size="small" loading={busy === 'done'} disabled={busy !== null && busy !== 'done'}
            onClick={() => act('done', { done: true })} data-testid="todo-reminder-done">
            {t('todos.reminderDone')}
          </Button>
          <Button size="small" loading={busy === 'snooze'} disabled={busy !== null && busy !== 'snooze'}
            onClick={() => act('snooze', { remind_at: snoozedUntil(Date.now()) })} data-testid="todo-reminder-snooze">
            {t('todos.snooze')}
          </Button>
          <Button size="small" type="text" loading={busy === 'dismiss'} disabled={busy !== null && busy !== 'dismiss'}
            onClick={() => act('dismiss', { remind_at: null })} data-testid="todo-reminder-dismiss">
            {t('todos.dismiss')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

export function ReminderStack() {
  const { t } = useTranslation();
  const { reminders } = useCti();
  // The pops shown already: a reconnect's hello brings the same ones back silently, while one that
  // closed and comes again (snoozed) beeps again.
  const shown = useRef(new Set<number>());

  useEffect(() => {
    const now = new Set(reminders.map((todo) => todo.id));
    const fresh = [...now].some((id) => !shown.current.has(id));
    shown.current = now;
    if (fresh) beep();
  }, [reminders]);

  if (reminders.length === 0) return null;
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
