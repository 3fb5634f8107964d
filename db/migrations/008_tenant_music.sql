-- The music-on-hold class a tenant's held calls hear (PBX-4): a folder under DATA/moh.
ALTER TABLE tenants ADD COLUMN music_class TEXT NOT NULL DEFAULT 'default';
