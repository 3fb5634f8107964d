-- IVR flows (IVR-1..IVR-3): a flow is edited as a draft and published as numbered, immutable
-- versions; a call runs the version that was published when it entered, so publishing never
-- changes a call in progress. Numbers reach a flow by name (target_type 'flow').

CREATE TABLE flows (
  id                INTEGER PRIMARY KEY,
  tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
  name              TEXT    NOT NULL,
  description       TEXT    NOT NULL DEFAULT '',
  draft             TEXT    NOT NULL,          -- the flow JSON being edited
  published_version INTEGER,                   -- NULL: never published
  created_at        BIGINT  NOT NULL,
  updated_at        BIGINT  NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE flow_versions (
  flow_id      INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  version      INTEGER NOT NULL,
  definition   TEXT    NOT NULL,               -- the flow JSON as published
  published_at BIGINT  NOT NULL,
  published_by TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (flow_id, version)
);
