// The user's to-dos over REST (/api/v1/todos, CTI-4, docs/api.md "To-dos"). Every route is the
// signed-in user's own: another user's id is 404.
import { api, query } from './client';
import type { Todo, TodoDraft, TodoListState, TodoPatch } from './types';

export interface TodoPage {
  items: Todo[];
  total: number;
}

const BASE = '/api/v1/todos';

export const todosApi = {
  list: (state: TodoListState, limit: number, offset: number) => api.get<TodoPage>(`${BASE}${query({ state, limit, offset })}`),
  create: (draft: TodoDraft) => api.post<Todo>(BASE, draft),
  update: (id: number, patch: TodoPatch) => api.patch<Todo>(`${BASE}/${id}`, patch),
  remove: (id: number) => api.del(`${BASE}/${id}`),
};
