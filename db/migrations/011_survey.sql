-- Post-call satisfaction surveys (IVR-9). A queue may name a survey flow: when its agent hangs up
-- first, the caller is not hung up but handed to that flow, with the agent and queue in its
-- variables. Every survey node answered is a row here, stored against the call and the agent.
ALTER TABLE queues ADD COLUMN survey_flow TEXT;  -- a flow's name; NULL: no survey

CREATE TABLE surveys (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL,
  call_id         TEXT    NOT NULL,
  user_id         INTEGER,            -- the agent who served the call; NULL when the flow ran without one
  agent_extension TEXT,
  queue           TEXT,               -- the queue's name
  flow            TEXT    NOT NULL,   -- the survey flow's name
  question        TEXT    NOT NULL,   -- the survey node's id
  variable        TEXT    NOT NULL,   -- the node's variable
  answer          TEXT    NOT NULL,   -- the key pressed
  score           INTEGER,            -- the key as a number (0-9); NULL for * # A-D
  at              BIGINT  NOT NULL
);
CREATE INDEX surveys_by_time ON surveys (tenant_id, at);
CREATE INDEX surveys_by_call ON surveys (tenant_id, call_id);
CREATE INDEX surveys_by_agent ON surveys (tenant_id, user_id, at);
