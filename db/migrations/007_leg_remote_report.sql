-- What each leg's RTCP reported last about the audio it heard from the server (RFC 3550 6.4.1),
-- and the round trip between the server and that leg where the reports allow it: the other half
-- of the picture migration 004 started, for MOS estimates.
ALTER TABLE call_legs ADD COLUMN remote_fraction_lost DOUBLE PRECISION;
ALTER TABLE call_legs ADD COLUMN remote_lost BIGINT;
ALTER TABLE call_legs ADD COLUMN remote_jitter_ms DOUBLE PRECISION;
ALTER TABLE call_legs ADD COLUMN round_trip_ms DOUBLE PRECISION;
