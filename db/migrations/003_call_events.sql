-- A call's timeline: what happened during it, in order (keys pressed, hold, resume). IVR paths,
-- screen pops and the customer history read it.

CREATE TABLE call_events (
  id          INTEGER PRIMARY KEY,
  call_id     TEXT    NOT NULL REFERENCES calls(id),
  tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
  at          BIGINT  NOT NULL,         -- Unix ms
  kind        TEXT    NOT NULL,         -- dtmf | hold | resume
  party       TEXT    NOT NULL,         -- caller | callee: who pressed, who held
  detail      TEXT    NOT NULL DEFAULT '',  -- dtmf: the digit
  source      TEXT,                     -- dtmf: rfc4733 | inband | sip_info
  duration_ms BIGINT                    -- dtmf: how long the key was held
);
CREATE INDEX call_events_call ON call_events (call_id, at);
