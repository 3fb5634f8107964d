-- Media quality per leg, from the RTP the server received from that leg (RFC 3550 counting):
-- the raw material for MOS estimates and for spotting a bad line or a congested remote agent.
ALTER TABLE call_legs ADD COLUMN rtp_received BIGINT;
ALTER TABLE call_legs ADD COLUMN rtp_lost BIGINT;
ALTER TABLE call_legs ADD COLUMN jitter_ms DOUBLE PRECISION;
