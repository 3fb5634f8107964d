-- To-dos with reminders (CTI-4, 待办事宜): a user notes down a matter to deal with and a time to be
-- reminded; the server pops it on the user's desktops then (cti/todo_reminders). Personal: every
-- row is one user's. reminded_at is when the reminder popped, NULL while it is pending.
CREATE TABLE todos (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL,
  user_id         INTEGER NOT NULL,
  title           TEXT    NOT NULL,
  notes           TEXT    NOT NULL DEFAULT '',
  due_at          BIGINT,
  remind_at       BIGINT,
  reminded_at     BIGINT,
  done_at         BIGINT,
  call_id         TEXT,               -- the call it was noted from
  customer_number TEXT,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
CREATE INDEX todos_by_user ON todos (tenant_id, user_id, done_at);
-- The reminders still to pop, soonest first: what the reminder thread reads.
CREATE INDEX todos_pending_reminders ON todos (remind_at)
  WHERE remind_at IS NOT NULL AND reminded_at IS NULL AND done_at IS NULL;
