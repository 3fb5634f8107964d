-- An agent's screen pop shows the caller's last calls (CTI, call.offered's recent_calls): found by
-- the number itself, caller or callee, rather than by scanning the tenant's whole history.
CREATE INDEX calls_tenant_caller ON calls (tenant_id, caller, started_at);
CREATE INDEX calls_tenant_callee ON calls (tenant_id, callee, started_at);
