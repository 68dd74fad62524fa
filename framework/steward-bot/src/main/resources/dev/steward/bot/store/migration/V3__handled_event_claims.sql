-- Two-phase dedupe: on a shared database an event is claimed ('C') by an instance before its handlers run and marked
-- done ('D') after. A restarted instance releases its own claims that never became done (it was killed mid-handler);
-- that runs once at start, so it scans rather than keeping an index up to date on every write. Rows from before
-- this migration were recorded when their handlers started, so they count as done.
ALTER TABLE steward_handled_event ADD COLUMN state CHAR(1) DEFAULT 'D' NOT NULL;
ALTER TABLE steward_handled_event ADD COLUMN claimed_by VARCHAR(255) DEFAULT '' NOT NULL;
