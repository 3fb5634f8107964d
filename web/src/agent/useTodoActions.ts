// Changing the user's to-dos from the desk: each REST change that succeeds is applied to the desk
// state at once (pops close, the list reads again; the todo.changed that follows changes nothing
// more). A failure is shown where it belongs (a form's field, else a notification); a to-do gone
// already (deleted on another desktop: 404) is treated as deleted.
import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client';
import { todosApi } from '../api/todos';
import type { Todo, TodoDraft, TodoPatch } from '../api/types';
import { useShowError } from '../common/errors';
import { useCti } from '../cti/CtiContext';

export function useTodoActions() {
  const { todoChanged } = useCti();
  const showError = useShowError();

  const failed = useCallback(
    (id: number | null, error: unknown, form?: FormInstance) => {
      if (id !== null && error instanceof ApiError && error.status === 404) todoChanged({ id, deleted: true });
      else showError(error, form);
    },
    [todoChanged, showError],
  );

  const create = useCallback(
    async (draft: TodoDraft, form?: FormInstance): Promise<Todo | undefined> => {
      try {
        const todo = await todosApi.create(draft);
        todoChanged({ todo });
        return todo;
      } catch (error) {
        failed(null, error, form);
        return undefined;
      }
    },
    [todoChanged, failed],
  );

  const update = useCallback(
    async (id: number, patch: TodoPatch, form?: FormInstance): Promise<Todo | undefined> => {
      try {
        const todo = await todosApi.update(id, patch);
        todoChanged({ todo });
        return todo;
      } catch (error) {
        failed(id, error, form);
        return undefined;
      }
    },
    [todoChanged, failed],
  );

  const remove = useCallback(
    async (id: number): Promise<boolean> => {
      try {
        await todosApi.remove(id);
        todoChanged({ id, deleted: true });
        return true;
      } catch (error) {
        failed(id, error);
        return false;
      }
    },
    [todoChanged, failed],
  );

  return { create, update, remove };
}
