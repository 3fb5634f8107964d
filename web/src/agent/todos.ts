// The to-dos' pure parts (CTI-4): the reminder's quick choices, snoozing, what a to-do noted from a
// call is about, and the PATCH an edit sends. No React, no clock of its own: `now` is given.
import type { Todo, TodoPatch } from '../api/types';
import type { CallOnDesk } from '../cti/deskState';

export type QuickReminder = 'in10m' | 'in1h' | 'tomorrow9';
export const QUICK_REMINDERS: QuickReminder[] = ['in10m', 'in1h', 'tomorrow9'];

const MINUTE_MS = 60_000;
export const SNOOZE_MS = 10 * MINUTE_MS;

// When a quick choice reminds, in Unix ms: "tomorrow 9:00" is the next calendar day at 09:00 local
// time (whatever the hour now, and across a daylight-saving change).
export function quickReminderAt(choice: QuickReminder, now: number): number {
  switch (choice) {
    case 'in10m':
      return now + 10 * MINUTE_MS;
    case 'in1h':
      return now + 60 * MINUTE_MS;
    case 'tomorrow9': {
      const day = new Date(now);
      day.setDate(day.getDate() + 1);
      day.setHours(9, 0, 0, 0);
      return day.getTime();
    }
  }
}

// "Snooze 10 min" re-arms the reminder: PATCH {remind_at: now + 10 min}.
export function snoozedUntil(now: number): number {
  return now + SNOOZE_MS;
}

export function isOverdue(todo: Todo, now: number): boolean {
  return !todo.done && todo.due_at !== null && todo.due_at < now;
}

// Whose matter a to-do noted from a call's pop is: the customer's number — on a consultation the
// customer the colleague consults about, on a call the desktop dialled the number dialled — and the
// customer's call.
export function todoFromCall(call: CallOnDesk, ownExtension: string): { customer_number: string; call_id: string } {
  if (call.consult) return { customer_number: call.consult.customer, call_id: call.consult.call_id };
  const dialledOut = call.caller === ownExtension && call.dialled !== '';
  return { customer_number: dialledOut ? call.dialled : call.caller, call_id: call.call_id };
}

export interface TodoFields {
  title: string;
  notes: string;
  due_at: number | null;
  remind_at: number | null;
}

// What an edit changed, and only that: an unchanged remind_at is not sent, since a different one
// re-arms the reminder.
export function todoPatch(before: Todo, after: TodoFields): TodoPatch {
  const patch: TodoPatch = {};
  const title = after.title.trim();
  if (title !== before.title) patch.title = title;
  if (after.notes !== before.notes) patch.notes = after.notes;
  if (after.due_at !== before.due_at) patch.due_at = after.due_at;
  if (after.remind_at !== before.remind_at) patch.remind_at = after.remind_at;
  return patch;
}
