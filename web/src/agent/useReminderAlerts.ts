// Draws attention to reminder pops that are new: one quiet beep, and a desktop notification per
// to-do while the tab is hidden (when the user turned them on). The pops shown already are
// remembered, so a reconnect's hello bringing the same ones back stays quiet, while one that closed
// and comes again (snoozed) alerts again.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Todo } from '../api/types';
import { beep } from '../common/beep';
import { notifyWhileHidden } from '../common/desktopNotifications';

export function useReminderAlerts(reminders: Todo[]): void {
  const { t } = useTranslation();
  const shown = useRef(new Set<number>());
  useEffect(() => {
    const fresh = reminders.filter((todo) => !shown.current.has(todo.id));
    shown.current = new Set(reminders.map((todo) => todo.id));
    if (fresh.length === 0) return;
    beep();
    for (const todo of fresh) {
      const body = todo.customer_number ? `${todo.title}\n${todo.customer_number}` : todo.title;
      notifyWhileHidden({ title: t('todos.reminder'), body, tag: `todo-${todo.id}` });
    }
  }, [reminders, t]);
}
