-- Voicemail (IVR-7): the boxes callers leave messages in, and the messages. A message's audio is a
-- recording of the call (`recordings`, mono, the caller only), so a message cut by a crash is
-- repaired at the next start like every recording.

CREATE TABLE voicemail_boxes (
  id             INTEGER PRIMARY KEY,
  tenant_id      INTEGER NOT NULL REFERENCES tenants(id),
  name           TEXT    NOT NULL,              -- what flows, queues and numbers (voicemail:NAME) name
  extension      TEXT,                          -- its calls nobody answers land here; NULL: none
  greeting_text  TEXT    NOT NULL DEFAULT '',   -- spoken (text-to-speech) when greeting_file is empty
  greeting_file  TEXT    NOT NULL DEFAULT '',   -- a WAV file; both empty: the default greeting
  language       TEXT    NOT NULL DEFAULT 'zh-CN',  -- of greeting_text and the default: zh-CN | en
  max_message_ms BIGINT  NOT NULL DEFAULT 120000,
  created_at     BIGINT  NOT NULL,
  updated_at     BIGINT  NOT NULL,
  UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX voicemail_boxes_extension ON voicemail_boxes (tenant_id, extension)
  WHERE extension IS NOT NULL;

-- status: recording (the caller is speaking, or the message is being screened) | new | heard |
-- discarded (shorter than a second, silent or without audio; never listed). deleted_at hides a
-- message from its box; its recording stays with the call.
CREATE TABLE voicemail_messages (
  id           TEXT    PRIMARY KEY,             -- UUID
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  box_id       INTEGER NOT NULL REFERENCES voicemail_boxes(id),
  call_id      TEXT    NOT NULL REFERENCES calls(id),
  recording_id TEXT    NOT NULL REFERENCES recordings(id),
  caller       TEXT    NOT NULL,
  created_at   BIGINT  NOT NULL,
  status       TEXT    NOT NULL,
  duration_ms  BIGINT,                          -- set when the message is screened
  discard_reason TEXT,
  heard_at     BIGINT,
  heard_by     TEXT,
  deleted_at   BIGINT
);
CREATE INDEX voicemail_messages_box ON voicemail_messages (box_id, created_at);
CREATE INDEX voicemail_messages_status ON voicemail_messages (status);
