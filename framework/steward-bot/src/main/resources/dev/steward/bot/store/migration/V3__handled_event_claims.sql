-- Two-phase dedupe: an event is claimed ('C') by an instance before its handlers run and marked done ('D') after.
-- A restarted instance releases its own claims that never became done (it was killed mid-handler). Rows from
-- before this migration were recorded after a completed dispatch, so they are done.
ALTER TABLE steward_handled_event ADD COLUMN state CHAR(1) DEFAULT 'D' NOT NULL;
ALTER TABLE steward_handled_event ADD COLUMN claimed_by VARCHAR(255) DEFAULT '' NOT NULL;
CREATE INDEX steward_handled_event_claims ON steward_handled_event (account_key, claimed_by, state);
