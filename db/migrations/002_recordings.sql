-- Call recordings (REC-1): every bridged call is recorded; the row is written when recording
-- starts and again when it ends, so a crash leaves a row whose file is repaired at the next start.

ALTER TABLE tenants ADD COLUMN recording_mode TEXT NOT NULL DEFAULT 'stereo';  -- stereo | mono | off

CREATE TABLE recordings (
  id           TEXT    PRIMARY KEY,          -- UUID
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  call_id      TEXT    NOT NULL REFERENCES calls(id),
  path         TEXT    NOT NULL,             -- relative to the data folder
  channels     INTEGER NOT NULL,             -- 2: customer left, agent right; 1: mixed
  sample_rate  INTEGER NOT NULL,
  started_at   BIGINT  NOT NULL,
  ended_at     BIGINT,
  duration_ms  BIGINT,
  paused_ms    BIGINT  NOT NULL DEFAULT 0,
  bytes        BIGINT,
  status       TEXT    NOT NULL,             -- recording | complete | failed | recovered
  error        TEXT
);
CREATE INDEX recordings_call ON recordings (call_id);
CREATE INDEX recordings_tenant_started ON recordings (tenant_id, started_at);
