-- Telephony core: tenants, accounts, SIP identities, trunks, numbers, CDRs.
-- Portable SQL (SQLite and PostgreSQL): INTEGER ids, TEXT, BIGINT Unix milliseconds.

CREATE TABLE tenants (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  sip_realm   TEXT    NOT NULL UNIQUE,   -- digest realm; HA1 values are computed with it
  is_default  INTEGER NOT NULL DEFAULT 0, -- takes requests whose domain names no tenant (an IP)
  created_at  BIGINT  NOT NULL
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
  username      TEXT    NOT NULL UNIQUE,
  password_hash TEXT    NOT NULL,          -- argon2id encoded string
  role          TEXT    NOT NULL,
  display_name  TEXT    NOT NULL DEFAULT '',
  extension     TEXT,                      -- the agent's own extension, if any
  created_at    BIGINT  NOT NULL
);

CREATE TABLE sessions (
  token_sha256 TEXT    PRIMARY KEY,        -- the bearer token itself is never stored
  user_id      INTEGER NOT NULL REFERENCES users(id),
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  created_at   BIGINT  NOT NULL,
  expires_at   BIGINT  NOT NULL
);

CREATE TABLE extensions (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  extension    TEXT    NOT NULL,
  display_name TEXT    NOT NULL DEFAULT '',
  ha1_md5      TEXT    NOT NULL,           -- MD5(ext:realm:password)
  ha1_sha256   TEXT    NOT NULL,           -- SHA-256(ext:realm:password), RFC 8760
  enabled      INTEGER NOT NULL DEFAULT 1,
  created_at   BIGINT  NOT NULL,
  UNIQUE (tenant_id, extension)
);

-- A SIP peer (carrier or gateway). Outbound credentials must be usable to answer a challenge
-- whose realm is chosen by the peer, so the trunk password is kept as given.
CREATE TABLE trunks (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
  name       TEXT    NOT NULL,
  host       TEXT    NOT NULL,
  port       INTEGER NOT NULL DEFAULT 5060,
  transport  TEXT    NOT NULL DEFAULT 'udp',
  username   TEXT,
  password   TEXT,
  enabled    INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT  NOT NULL,
  UNIQUE (tenant_id, name)
);

-- Numbers reached from outside (DIDs) and internal access numbers such as the hotline 4000.
-- pattern: digits, 'X' = any digit, a trailing '.' = any rest. target_type: extension | ring_all.
CREATE TABLE numbers (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
  trunk_id    INTEGER REFERENCES trunks(id),   -- NULL: reachable internally and from any trunk of the tenant
  pattern     TEXT    NOT NULL,
  target_type TEXT    NOT NULL,
  target      TEXT    NOT NULL,                -- extension, or comma-separated extensions for ring_all
  created_at  BIGINT  NOT NULL
);

-- Which trunk carries a dialled external number (PBX-8 grows this with time and cost).
CREATE TABLE outbound_routes (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  pattern      TEXT    NOT NULL,
  trunk_id     INTEGER NOT NULL REFERENCES trunks(id),
  priority     INTEGER NOT NULL DEFAULT 100,   -- lower first
  strip_digits INTEGER NOT NULL DEFAULT 0,
  prepend      TEXT    NOT NULL DEFAULT '',
  created_at   BIGINT  NOT NULL
);

-- Current SIP registrations, so that a restart does not forget where phones are.
CREATE TABLE registrations (
  tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
  extension   TEXT    NOT NULL,
  contact     TEXT    NOT NULL,   -- the Contact URI as sent
  source      TEXT    NOT NULL,   -- transport:ip:port the REGISTER came from (NAT)
  user_agent  TEXT    NOT NULL DEFAULT '',
  expires_at  BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, extension, contact)
);

-- One row per call: what the customer experienced from first ring to last hang-up (RPT-1).
CREATE TABLE calls (
  id            TEXT    PRIMARY KEY,   -- UUID
  tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
  direction     TEXT    NOT NULL,      -- internal | inbound | outbound
  caller        TEXT    NOT NULL,
  callee        TEXT    NOT NULL,
  started_at    BIGINT  NOT NULL,
  answered_at   BIGINT,
  ended_at      BIGINT,
  ring_ms       BIGINT,                -- started → answered (or → ended when unanswered)
  talk_ms       BIGINT,                -- answered → ended
  duration_ms   BIGINT,                -- started → ended
  disposition   TEXT    NOT NULL,      -- in_progress | answered | busy | no_answer | cancelled |
                                       -- rejected | unavailable | failed | interrupted
  hangup_side   TEXT,                  -- caller | callee | system
  hangup_cause  TEXT,                  -- SIP status and reason, or BYE
  sip_call_id   TEXT    NOT NULL
);
CREATE INDEX calls_tenant_started ON calls (tenant_id, started_at);
CREATE INDEX calls_open ON calls (ended_at) WHERE ended_at IS NULL;

-- One row per leg (SIP dialog) of a call.
CREATE TABLE call_legs (
  id           TEXT    PRIMARY KEY,
  call_id      TEXT    NOT NULL REFERENCES calls(id),
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  role         TEXT    NOT NULL,       -- caller | callee
  endpoint     TEXT    NOT NULL,       -- extension number, or trunk:<name>
  peer_uri     TEXT    NOT NULL,
  sip_call_id  TEXT    NOT NULL,
  started_at   BIGINT  NOT NULL,
  answered_at  BIGINT,
  ended_at     BIGINT,
  duration_ms  BIGINT,
  talk_ms      BIGINT,
  disposition  TEXT    NOT NULL,
  sip_status   INTEGER,
  hangup_cause TEXT
);
CREATE INDEX call_legs_call ON call_legs (call_id);

-- Liveness of this node: the writer stamps it every few seconds, so a call left open by a crash
-- is closed at the last moment the process was known alive.
CREATE TABLE node_heartbeat (
  node    TEXT   PRIMARY KEY,
  beat_at BIGINT NOT NULL
);
