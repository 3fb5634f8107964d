// The agent's to-dos (CTI-4, 待办事宜) on the desk: the open ones — soonest reminder or due time
// first, as the server orders them — or the done ones, each with its notes, due time (red once
// overdue), reminder time with a bell, and the customer's number (with "call back" when the desktop
// may dial); add, edit, mark done or reopen, delete after asking. The list reads itself again on
// every to-do change the desk hears (todo.changed, todo.reminder, this desktop's own, a new hello).
import {
  BellOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  PhoneOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Card, Checkbox, List, Popconfirm, Segmented, Space, Tag, Tooltip, Typography, type ButtonProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todosApi, type TodoPage } from '../api/todos';
import type { Todo } from '../api/types';
import { useShowError } from '../common/errors';
import { formatDateTime } from '../common/format';
import { useNow } from '../common/useNow';
import { CommandButton } from '../cti/CommandButton';
import { useCti } from '../cti/CtiContext';
import { useCommand } from '../cti/useCommand';
import { TodoFormModal } from './TodoFormModal';
import { isOverdue } from './todos';
import { useTodoActions } from './useTodoActions';

type View = 'open' | 'done';
const PAGE_SIZE = 10;

function TodoTimes({ todo, now }: { todo: Todo; now: number }) {
  const { t } = useTranslation();
  const overdue = isOverdue(todo, now);
  return (
    <Space size={4} wrap>
      {todo.done && todo.done_at !== null && <Tag color="success">{t('todos.doneAt', { time: formatDateTime(todo.done_at) })}</Tag>}
      {todo.due_at !== null && (
        <Tag icon={<ClockCircleOutlined />} color={overdue ? 'error' : 'default'} data-testid={`todo-due-${todo.id}`}>
          {t('todos.due', { time: formatDateTime(todo.due_at) })}
          {overdue && ` · ${t('todos.overdue')}`}
        </Tag>
      )}
      {!todo.done && todo.remind_at !== null && (
        <Tag icon={<BellOutlined />} color={todo.reminded_at !== null ? 'warning' : 'processing'}
          data-testid={`todo-remind-${todo.id}`} data-remind-at={todo.remind_at}>
          {t(todo.reminded_at !== null ? 'todos.reminded' : 'todos.remind', { time: formatDateTime(todo.remind_at) })}
        </Tag>
      )}
    </Space>
  );
}

function TodoItem({ todo, now, onEdit }: { todo: Todo; now: number; onEdit: (todo: Todo) => void }) {
  const { t } = useTranslation();
  const { update, remove } = useTodoActions();
  const { run, busy } = useCommand();
  const [changing, setChanging] = useState(false);

  const toggle = async () => {
    setChanging(true);
    await update(todo.id, { done: !todo.done });
    setChanging(false);
  };

  return (
    <List.Item data-testid={`todo-${todo.id}`} data-done={todo.done}
      actions={[
        <Tooltip key="edit" title={t('common.edit')}>
          <Button size="small" type="text" icon={<EditOutlined />} onClick={() => onEdit(todo)}
            aria-label={t('common.edit')} data-testid={`todo-edit-${todo.id}`} />
        </Tooltip>,
        <Popconfirm key="delete" title={t('todos.confirmDelete', { title: todo.title })} okText={t('common.delete')}
          cancelText={t('common.cancel')} okButtonProps={{ danger: true, 'data-testid': 'todo-confirm-delete' } as ButtonProps}
          onConfirm={() => remove(todo.id)}>
          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')}
            data-testid={`todo-delete-${todo.id}`} />
        </Popconfirm>,
      ]}>
      <Space align="start" style={{ width: '100%' }}>
        <Tooltip title={todo.done ? t('todos.reopen') : t('todos.markDone')}>
          <Checkbox checked={todo.done} disabled={changing} onChange={toggle} data-testid={`todo-toggle-${todo.id}`}
            aria-label={todo.done ? t('todos.reopen') : t('todos.markDone')} />
        </Tooltip>
        <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
          <Typography.Text strong delete={todo.done} data-testid={`todo-title-${todo.id}`}>{todo.title}</Typography.Text>
          {todo.notes && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true, symbol: t('common.more') }}
              style={{ marginBottom: 0, whiteSpace: 'pre-line' }}>
              {todo.notes}
            </Typography.Paragraph>
          )}
          <Space size={4} wrap>
            {todo.customer_number && (
              <Tag icon={<PhoneOutlined />} data-testid={`todo-customer-${todo.id}`}>{todo.customer_number}</Tag>
            )}
            {todo.customer_number && !todo.done && (
              <CommandButton cmd="call.dial" hideUnlessOffered size="small" type="link" style={{ padding: 0 }}
                loading={busy === 'call.dial'} onClick={() => run('call.dial', { number: todo.customer_number })}>
                {t('todos.callBack')}
              </CommandButton>
            )}
            <TodoTimes todo={todo} now={now} />
          </Space>
        </Space>
      </Space>
    </List.Item>
  );
}

export function TodoPanel() {
  const { t } = useTranslation();
  const { todoRevision } = useCti();
  const showError = useShowError();
  const now = useNow(30_000);
  const [view, setView] = useState<View>('open');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<TodoPage>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  // The dialog keeps its to-do while it closes, so its title does not change during the animation.
  const [dialog, setDialog] = useState<{ open: boolean; todo: Todo | null }>({ open: false, todo: null });
  // Only the newest read may set the list: an older answer can arrive after it.
  const reads = useRef(0);

  useEffect(() => {
    const read = ++reads.current;
    setLoading(true);
    todosApi
      .list(view, PAGE_SIZE, (page - 1) * PAGE_SIZE)
      .then((answer) => {
        if (read !== reads.current) return;
        // A change emptied the last page: show the one before it.
        if (answer.items.length === 0 && page > 1) setPage(page - 1);
        setData(answer);
      })
      .catch((error) => {
        if (read === reads.current) showError(error);
      })
      .finally(() => {
        if (read === reads.current) setLoading(false);
      });
  }, [view, page, todoRevision, showError]);

  const switchView = (next: View) => {
    setView(next);
    setPage(1);
  };

  return (
    <Card size="small" data-testid="todos" data-view={view}
      title={<Space><CheckSquareOutlined />{t('todos.title')}</Space>}
      extra={
        <Space size="small">
          <Segmented<View> size="small" value={view} onChange={switchView} data-testid="todos-view"
            options={[
              { value: 'open', label: t('todos.open') },
              { value: 'done', label: t('todos.done') },
            ]} />
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ open: true, todo: null })} data-testid="todo-add">
            {t('todos.add')}
          </Button>
        </Space>
      }>
      <List<Todo> size="small" loading={loading} dataSource={data.items} rowKey="id"
        locale={{ emptyText: view === 'open' ? t('todos.noOpen') : t('todos.noDone') }}
        pagination={data.total > PAGE_SIZE ? { size: 'small', current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage } : false}
        renderItem={(todo) => <TodoItem todo={todo} now={now} onEdit={(edited) => setDialog({ open: true, todo: edited })} />} />
      <TodoFormModal open={dialog.open} todo={dialog.todo} onClose={() => setDialog((shown) => ({ ...shown, open: false }))} />
    </Card>
  );
}
