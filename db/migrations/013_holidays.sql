-- Holiday calendars (IVR-4): a flow's condition branch `holiday: "cn"` is true on the dates of the
-- tenant's calendar "cn" (the tenant's local date).
CREATE TABLE holidays (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
  calendar   TEXT    NOT NULL,
  date       TEXT    NOT NULL,              -- YYYY-MM-DD
  name       TEXT    NOT NULL DEFAULT '',
  created_at BIGINT  NOT NULL,
  UNIQUE (tenant_id, calendar, date)
);
