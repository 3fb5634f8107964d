-- Outbound dial rules (PBX-8): when a route may be used, what it costs, and what caller ID the far
-- end sees. A dialled number tries every open matching route in turn (priority, then cost), so a
-- trunk that fails passes the call on to the next one.
-- open_days: bit 0 Monday .. bit 6 Sunday (127 every day). open_from_minute/open_to_minute: the
-- tenant's local time of day [from, to) in minutes; equal means all day; from > to runs past
-- midnight into the next day (the day it starts on is the one open_days names).
-- caller_id_mode: keep (the caller's own number) | fixed (caller_id is shown) | prefix (caller_id
-- followed by the caller's extension).
ALTER TABLE outbound_routes ADD COLUMN cost_per_minute  INTEGER NOT NULL DEFAULT 0;  -- fen or cents
ALTER TABLE outbound_routes ADD COLUMN open_days        INTEGER NOT NULL DEFAULT 127;
ALTER TABLE outbound_routes ADD COLUMN open_from_minute INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbound_routes ADD COLUMN open_to_minute   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbound_routes ADD COLUMN caller_id_mode   TEXT    NOT NULL DEFAULT 'keep';
ALTER TABLE outbound_routes ADD COLUMN caller_id        TEXT    NOT NULL DEFAULT '';
