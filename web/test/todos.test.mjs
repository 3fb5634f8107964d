// The to-dos' pure parts (CTI-4) without a browser or a server: the reminder pops in the desk state
// (src/cti/deskState.ts: hello.reminders, todo.reminder, todo.changed, the desktop's own changes)
// and the helpers of src/agent/todos.ts (quick reminder times, snooze, a to-do noted from a call,
// the PATCH an edit sends). The TypeScript is bundled in memory by load_ts.mjs.
// Run: npm test (in web/)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs, requireBundler } from './load_ts.mjs';

requireBundler('the to-do units');

const { applyEvent, applyTodoChange, stillReminding, EMPTY_DESK } = await loadTs('cti/deskState.ts');
const { QUICK_REMINDERS, quickReminderAt, snoozedUntil, SNOOZE_MS, isOverdue, todoFromCall, todoPatch } = await loadTs('agent/todos.ts');

const at = '2026-03-01T08:30:00.250Z';
const T0 = Date.parse(at);
const frame = (event, data) => ({ event, at, data });
const todo = (id, extra = {}) => ({
  id, title: `to-do ${id}`, notes: '', due_at: null, remind_at: T0 - 1000, reminded_at: T0, done: false, done_at: null,
  call_id: null, customer_number: null, created_at: T0 - 60_000, updated_at: T0, ...extra,
});
const hello = (extra = {}) => ({
  protocol: 1,
  user: { id: 7, username: 'agent1', display_name: 'Agent', role: 'agent', extension: '1001', tenant_id: 1 },
  capabilities: ['todos.self'], commands: [], not_ready_reasons: [], agent: null, queues: [], call: null, calls: [],
  ...extra,
});
const play = (...frames) => frames.reduce((state, f) => applyEvent(state, f), EMPTY_DESK);
const ids = (state) => state.reminders.map((r) => r.id);

test("the hello's reminders pop at connect, and each to-do change makes the list read again", () => {
  const state = play(frame('hello', hello({ reminders: [todo(1), todo(2)] })));
  assert.deepEqual(ids(state), [1, 2]);
  assert.equal(state.todoRevision, 1);
  assert.equal(applyEvent(state, frame('todo.changed', { id: 9, deleted: true })).todoRevision, 2);
  assert.equal(applyEvent(state, frame('todo.reminder', todo(3))).todoRevision, 2);
});

test('a hello without reminders (a server without to-dos) pops nothing', () => {
  assert.deepEqual(play(frame('hello', hello())).reminders, []);
});

test("a reconnect's hello replaces the pops: one dealt with elsewhere meanwhile is gone", () => {
  const before = play(frame('hello', hello({ reminders: [todo(1)] })), frame('todo.reminder', todo(2)));
  assert.deepEqual(ids(before), [1, 2]);
  const again = applyEvent(before, frame('hello', hello({ reminders: [todo(2)] })));
  assert.deepEqual(ids(again), [2]);
});

test('todo.reminder pops the to-do; the same one again replaces its pop and goes last; a done one does not pop', () => {
  let state = play(frame('hello', hello()), frame('todo.reminder', todo(1)), frame('todo.reminder', todo(2)));
  assert.deepEqual(ids(state), [1, 2]);
  state = applyEvent(state, frame('todo.reminder', todo(1, { title: 'again' })));
  assert.deepEqual(ids(state), [2, 1]);
  assert.equal(state.reminders[1].title, 'again');
  state = applyEvent(state, frame('todo.reminder', todo(3, { done: true })));
  assert.deepEqual(ids(state), [2, 1]);
});

test('todo.changed closes the pop of a to-do done, dismissed, re-armed or deleted', () => {
  const start = play(frame('hello', hello({ reminders: [todo(1), todo(2), todo(3), todo(4)] })));
  const changed = (data) => applyEvent(start, frame('todo.changed', data));
  assert.deepEqual(ids(changed({ todo: todo(1, { done: true, done_at: T0 }) })), [2, 3, 4]);
  assert.deepEqual(ids(changed({ todo: todo(2, { remind_at: null }) })), [1, 3, 4]);
  // Snoozed: a new remind_at clears reminded_at until it fires again.
  assert.deepEqual(ids(changed({ todo: todo(3, { remind_at: T0 + SNOOZE_MS, reminded_at: null }) })), [1, 2, 4]);
  assert.deepEqual(ids(changed({ id: 4, deleted: true })), [1, 2, 3]);
});

test('todo.changed of a to-do still reminding updates its pop, and pops nothing new', () => {
  const start = play(frame('hello', hello({ reminders: [todo(1)] })));
  const edited = applyEvent(start, frame('todo.changed', { todo: todo(1, { title: 'Call back about the leak' }) }));
  assert.deepEqual(ids(edited), [1]);
  assert.equal(edited.reminders[0].title, 'Call back about the leak');
  const other = applyEvent(start, frame('todo.changed', { todo: todo(5) }));
  assert.deepEqual(ids(other), [1]);
});

test("the desktop's own change closes the pop at once; the event that follows changes nothing more", () => {
  const start = play(frame('hello', hello({ reminders: [todo(1)] })));
  const snoozed = todo(1, { remind_at: T0 + SNOOZE_MS, reminded_at: null });
  const own = applyTodoChange(start, { todo: snoozed });
  assert.deepEqual(ids(own), []);
  const echoed = applyEvent(own, frame('todo.changed', { todo: snoozed }));
  assert.deepEqual(ids(echoed), []);
  assert.equal(echoed.todoRevision, own.todoRevision + 1);
});

test('a pop stays only while the to-do is open and its reminder fired and stands', () => {
  assert.equal(stillReminding(todo(1)), true);
  assert.equal(stillReminding(todo(1, { done: true })), false);
  assert.equal(stillReminding(todo(1, { remind_at: null })), false);
  assert.equal(stillReminding(todo(1, { reminded_at: null })), false);
});

test('quick reminder times: in 10 minutes, in an hour, tomorrow at 9:00 local time', () => {
  assert.deepEqual(QUICK_REMINDERS, ['in10m', 'in1h', 'tomorrow9']);
  const evening = new Date(2026, 2, 1, 23, 30, 15, 500).getTime();
  assert.equal(quickReminderAt('in10m', evening), evening + 10 * 60_000);
  assert.equal(quickReminderAt('in1h', evening), evening + 60 * 60_000);
  assert.equal(quickReminderAt('tomorrow9', evening), new Date(2026, 2, 2, 9, 0, 0, 0).getTime());
  // Just after midnight "tomorrow" is still the next calendar day; month ends roll over.
  assert.equal(quickReminderAt('tomorrow9', new Date(2026, 2, 2, 0, 5).getTime()), new Date(2026, 2, 3, 9, 0).getTime());
  assert.equal(quickReminderAt('tomorrow9', new Date(2026, 3, 30, 12, 0).getTime()), new Date(2026, 4, 1, 9, 0).getTime());
});

test('tomorrow 9:00 is 9:00 on the wall clock across a daylight-saving change', () => {
  const zone = process.env.TZ;
  process.env.TZ = 'America/New_York'; // clocks go forward at 2:00 on 2026-03-08
  try {
    const before = new Date(2026, 2, 7, 10, 0).getTime();
    const next = new Date(quickReminderAt('tomorrow9', before));
    assert.deepEqual([next.getDate(), next.getHours(), next.getMinutes()], [8, 9, 0]);
    assert.equal(next.getTime() - before, 22 * 3600_000);
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});

test('snooze is ten minutes from now', () => {
  assert.equal(SNOOZE_MS, 600_000);
  assert.equal(snoozedUntil(T0), T0 + 600_000);
});

test('overdue: an open to-do past its due time', () => {
  assert.equal(isOverdue(todo(1, { due_at: T0 - 1 }), T0), true);
  assert.equal(isOverdue(todo(1, { due_at: T0 + 1 }), T0), false);
  assert.equal(isOverdue(todo(1, { due_at: null }), T0), false);
  assert.equal(isOverdue(todo(1, { due_at: T0 - 1, done: true }), T0), false);
});

test("a to-do noted from a call is about the customer's number and call", () => {
  const call = { call_id: 'c-1', caller: '0612345678', dialled: '4000', consult: null };
  assert.deepEqual(todoFromCall(call, '1001'), { customer_number: '0612345678', call_id: 'c-1' });
  // A call the desktop dialled: the caller is the agent's own extension, the customer the number.
  assert.deepEqual(todoFromCall({ ...call, caller: '1001', dialled: '13800138000' }, '1001'),
    { customer_number: '13800138000', call_id: 'c-1' });
  // A consultation: the colleague's customer and call, not the colleague.
  assert.deepEqual(todoFromCall({ ...call, caller: '1002', consult: { call_id: 'c-0', by: '1002', customer: '0699' } }, '1001'),
    { customer_number: '0699', call_id: 'c-0' });
});

test('an edit sends only what changed, the title trimmed; an untouched reminder is not re-armed', () => {
  const before = todo(1, { title: 'Call back', notes: 'n', due_at: T0, remind_at: T0 + 5000, reminded_at: null });
  const same = { title: 'Call back', notes: 'n', due_at: T0, remind_at: T0 + 5000 };
  assert.deepEqual(todoPatch(before, same), {});
  assert.deepEqual(todoPatch(before, { ...same, title: '  Call back soon ' }), { title: 'Call back soon' });
  assert.deepEqual(todoPatch(before, { ...same, remind_at: null, due_at: null }), { due_at: null, remind_at: null });
  assert.deepEqual(todoPatch(before, { ...same, notes: '' }), { notes: '' });
});
