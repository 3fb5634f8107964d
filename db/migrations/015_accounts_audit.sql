-- Accounts hardening and the audit log: idle sessions, API tokens for integrations, and an
-- append-only record of who changed or read what. Portable SQL; the two triggers at the end are
-- SQLite's way of making audit_log append-only (PostgreSQL gets a rule or a REVOKE when it lands).

-- When the session was last used, written at most once a minute (idle timeout).
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;

-- Bearer tokens for integrations: only the SHA-256 of the secret is kept. A token acts as its user
-- but may use only its scopes (capabilities, separated by spaces).
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT    NOT NULL,
  token_sha256 TEXT    NOT NULL UNIQUE,
  scopes       TEXT    NOT NULL,
  created_at   BIGINT  NOT NULL,
  expires_at   BIGINT,                      -- NULL: never
  last_used_at BIGINT,                      -- written at most once a minute
  revoked_at   BIGINT                       -- NULL: in force
);
CREATE INDEX api_tokens_by_user ON api_tokens (tenant_id, user_id);

-- One row per audited API request. No foreign keys: the log outlives the users and objects it
-- names. tenant_id is NULL when no tenant is known (an unknown username, a request without a
-- session); such rows are seen by the platform operator only.
CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY,
  tenant_id      INTEGER,
  at             BIGINT  NOT NULL,
  user_id        INTEGER,
  username       TEXT    NOT NULL DEFAULT '',
  role           TEXT    NOT NULL DEFAULT '',
  remote_address TEXT    NOT NULL DEFAULT '',
  action         TEXT    NOT NULL,           -- "PUT /api/v1/queues/{id}"
  object_type    TEXT    NOT NULL DEFAULT '', -- "queues"
  object_id      TEXT    NOT NULL DEFAULT '',
  status         INTEGER NOT NULL,           -- the HTTP status answered
  before_json    TEXT,                       -- the object before a change, secrets redacted
  after_json     TEXT,                       -- and after it
  detail         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_tenant_time ON audit_log (tenant_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
