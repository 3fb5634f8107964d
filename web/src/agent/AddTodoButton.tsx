// "Add to-do" on a call's pop: a to-do noted from the call, with the customer's number and the call
// filled in (the pop stays during wrap-up, so the agent can note what to follow up after the call).
import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOnDesk } from '../cti/deskState';
import { TodoFormModal, type TodoPrefill } from './TodoFormModal';
import { todoFromCall } from './todos';

export function AddTodoButton({ call, extension }: { call: CallOnDesk; extension: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [prefill, setPrefill] = useState<TodoPrefill>({});

  const start = () => {
    setPrefill(todoFromCall(call, extension));
    setOpen(true);
  };

  return (
    <>
      <Button size="small" icon={<PlusOutlined />} onClick={start} data-testid="pop-add-todo">
        {t('todos.addFromCall')}
      </Button>
      <TodoFormModal open={open} todo={null} prefill={prefill} onClose={() => setOpen(false)} />
    </>
  );
}
