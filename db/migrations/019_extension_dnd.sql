-- Do not disturb (PBX-7): an extension whose user turned it on from the desktop gets no direct,
-- ring-all or transferred calls (callers hear busy or reach its voicemail); a queue's offers still
-- follow the agent's state. Kept here so that it survives a restart.
ALTER TABLE extensions ADD COLUMN dnd INTEGER NOT NULL DEFAULT 0;
