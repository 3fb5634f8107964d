// Draws attention to reminder pops that are new: one quiet beep. The pops shown already are
// remembered, so a reconnect's hello bringing the same ones back stays quiet, while one that closed
// and comes again (snoozed) alerts again.
import { useEffect, useRef } from 'react';
import type { Todo } from '../api/types';
import { beep } from '../common/beep';

export function useReminderAlerts(reminders: Todo[]): void {
  const shown = useRef(new Set<number>());
  useEffect(() => {
    const fresh = reminders.filter((todo) => !shown.current.has(todo.id));
    shown.current = new Set(reminders.map((todo) => todo.id));
    if (fresh.length > 0) beep();
  }, [reminders]);
}
