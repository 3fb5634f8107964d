-- ACD (ACD-1..ACD-11): skills, queues and who serves them, caller lists, and the logs reports are
-- built from (every agent state change, every queue entry with its outcome).

CREATE TABLE skills (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
  name       TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  UNIQUE (tenant_id, name)
);

-- An agent's (user's) skills with levels 1-10.
CREATE TABLE agent_skills (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  skill_id INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  level    INTEGER NOT NULL DEFAULT 5,
  PRIMARY KEY (user_id, skill_id)
);

-- strategy: ring_all | round_robin | longest_idle | fewest_calls | least_talk_time | skill_level.
-- overflow_kind: NULL | queue | voicemail | external_number | flow, with overflow_target naming it.
CREATE TABLE queues (
  id                   INTEGER PRIMARY KEY,
  tenant_id            INTEGER NOT NULL REFERENCES tenants(id),
  name                 TEXT    NOT NULL,
  skill_id             INTEGER REFERENCES skills(id),
  min_level            INTEGER NOT NULL DEFAULT 1,
  strategy             TEXT    NOT NULL DEFAULT 'longest_idle',
  max_wait_ms          BIGINT  NOT NULL DEFAULT 300000,
  max_length           INTEGER NOT NULL DEFAULT 100,
  ring_timeout_ms      BIGINT  NOT NULL DEFAULT 20000,
  wrap_up_ms           BIGINT  NOT NULL DEFAULT 10000,
  max_misses           INTEGER NOT NULL DEFAULT 3,
  overflow_kind        TEXT,
  overflow_target      TEXT,
  music_class          TEXT    NOT NULL DEFAULT 'default',
  announce_interval_ms BIGINT  NOT NULL DEFAULT 30000,  -- position and expected wait; 0: never
  created_at           BIGINT  NOT NULL,
  UNIQUE (tenant_id, name)
);

-- The agents who may log in to a queue.
CREATE TABLE queue_members (
  queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (queue_id, user_id)
);

-- kind: blacklist (486 before any media) | whitelist (skips the IVR) | vip (queue priority).
CREATE TABLE caller_lists (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
  kind       TEXT    NOT NULL,
  number     TEXT    NOT NULL,                -- the caller's number, or a pattern (X, N, trailing .)
  priority   INTEGER NOT NULL DEFAULT 0,      -- vip: how far ahead in queues
  note       TEXT    NOT NULL DEFAULT '',
  created_at BIGINT  NOT NULL,
  UNIQUE (tenant_id, kind, number)
);

CREATE TABLE agent_state_log (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL,
  user_id    INTEGER NOT NULL,
  from_state TEXT    NOT NULL,
  to_state   TEXT    NOT NULL,
  reason     TEXT    NOT NULL DEFAULT '',
  at         BIGINT  NOT NULL
);
CREATE INDEX agent_state_log_by_user ON agent_state_log (tenant_id, user_id, at);

-- outcome: answered | abandoned | overflowed | timed_out | left.
CREATE TABLE queue_log (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL,
  call_id    TEXT    NOT NULL,
  queue_id   INTEGER NOT NULL,
  entered_at BIGINT  NOT NULL,
  left_at    BIGINT  NOT NULL,
  wait_ms    BIGINT  NOT NULL,
  outcome    TEXT    NOT NULL,
  user_id    INTEGER                          -- the agent who answered
);
CREATE INDEX queue_log_by_queue ON queue_log (tenant_id, queue_id, entered_at);
CREATE INDEX queue_log_by_call ON queue_log (call_id);
