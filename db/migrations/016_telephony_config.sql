-- Not-ready (away) reasons an agent picks from (ACD-9): once a tenant has defined some, an agent
-- going not ready must give the code of an enabled one. productive: whether the time counts as
-- work (training, a meeting) or not (a break) in the agents' figures. max_minutes: how long the
-- break should last at most (NULL: no limit), for the wallboard to flag. sort_order: the order the
-- desktop lists them in.
CREATE TABLE not_ready_reasons (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
  code        TEXT    NOT NULL,
  name_zh     TEXT    NOT NULL,
  name_en     TEXT    NOT NULL DEFAULT '',
  productive  INTEGER NOT NULL DEFAULT 0,
  max_minutes INTEGER,
  enabled     INTEGER NOT NULL DEFAULT 1,
  sort_order  INTEGER NOT NULL DEFAULT 0,
  created_at  BIGINT  NOT NULL,
  UNIQUE (tenant_id, code)
);
