-- The language a tenant's callers hear from the server itself (queue announcements, agents' work
-- numbers): zh-CN or en. Flows choose theirs per prompt.
ALTER TABLE tenants ADD COLUMN language TEXT NOT NULL DEFAULT 'zh-CN';
