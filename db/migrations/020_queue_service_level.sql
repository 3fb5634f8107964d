-- The wallboard's service level per queue (SUP-2): a call answered after waiting at most
-- service_level_s seconds counts as answered within the service level (docs/acd.md, "Today's
-- figures"). The ACD restores today's figures from queue_log at start: by the time calls left.
ALTER TABLE queues ADD COLUMN service_level_s INTEGER NOT NULL DEFAULT 20;

CREATE INDEX queue_log_by_left ON queue_log (tenant_id, left_at);
