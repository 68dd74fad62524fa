-- The handled-event log keeps its ids in a VARCHAR rather than a CLOB: a write holds at most 1,000 ids of at most
-- 255 bytes, and a CLOB that long went through H2's separate LOB storage (and its cleaner thread) on every write.
ALTER TABLE steward_handled_log ALTER COLUMN event_ids SET DATA TYPE CHARACTER VARYING(1000000);
