-- Custom roles a tenant admin defines (ADM-1) beside the built-in ones (src/app/roles.cpp), and
-- the seats a platform operator grants each tenant (TEN-2).

CREATE TABLE roles (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  name         TEXT    NOT NULL,
  capabilities TEXT    NOT NULL DEFAULT '',   -- space-separated capability names
  created_at   BIGINT  NOT NULL,
  UNIQUE (tenant_id, name)
);

-- How many agents may be logged in to the ACD at once; NULL: no limit.
ALTER TABLE tenants ADD COLUMN seats INTEGER;

-- An agent reads only the calls it took part in: the calls with a leg at its extension.
CREATE INDEX call_legs_by_endpoint ON call_legs (tenant_id, endpoint);
