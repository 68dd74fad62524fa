-- Quartz's JDBC job store (StdJDBCDelegate) for the scheduler, with the table prefix steward_qrtz_.
-- The same tables as postgresql/V2__quartz_tables.sql; only the binary type differs (BLOB here, BYTEA there).
-- Columns, names and keys are the ones Quartz 2.5's JDBC delegates read and write.

CREATE TABLE steward_qrtz_job_details (
  sched_name        VARCHAR(120) NOT NULL,
  job_name          VARCHAR(200) NOT NULL,
  job_group         VARCHAR(200) NOT NULL,
  description       VARCHAR(250),
  job_class_name    VARCHAR(250) NOT NULL,
  is_durable        BOOLEAN      NOT NULL,
  is_nonconcurrent  BOOLEAN      NOT NULL,
  is_update_data    BOOLEAN      NOT NULL,
  requests_recovery BOOLEAN      NOT NULL,
  job_data          BLOB,
  CONSTRAINT steward_qrtz_job_details_pk PRIMARY KEY (sched_name, job_name, job_group)
);

CREATE TABLE steward_qrtz_triggers (
  sched_name     VARCHAR(120) NOT NULL,
  trigger_name   VARCHAR(200) NOT NULL,
  trigger_group  VARCHAR(200) NOT NULL,
  job_name       VARCHAR(200) NOT NULL,
  job_group      VARCHAR(200) NOT NULL,
  description    VARCHAR(250),
  next_fire_time BIGINT,
  prev_fire_time BIGINT,
  priority       INTEGER,
  trigger_state  VARCHAR(16)  NOT NULL,
  trigger_type   VARCHAR(8)   NOT NULL,
  start_time     BIGINT       NOT NULL,
  end_time       BIGINT,
  calendar_name  VARCHAR(200),
  misfire_instr  SMALLINT,
  job_data       BLOB,
  CONSTRAINT steward_qrtz_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT steward_qrtz_triggers_job_fk FOREIGN KEY (sched_name, job_name, job_group)
    REFERENCES steward_qrtz_job_details (sched_name, job_name, job_group)
);
CREATE INDEX steward_qrtz_triggers_next_fire ON steward_qrtz_triggers (sched_name, trigger_state, next_fire_time);
CREATE INDEX steward_qrtz_triggers_job ON steward_qrtz_triggers (sched_name, job_name, job_group);

CREATE TABLE steward_qrtz_simple_triggers (
  sched_name      VARCHAR(120) NOT NULL,
  trigger_name    VARCHAR(200) NOT NULL,
  trigger_group   VARCHAR(200) NOT NULL,
  repeat_count    BIGINT       NOT NULL,
  repeat_interval BIGINT       NOT NULL,
  times_triggered BIGINT       NOT NULL,
  CONSTRAINT steward_qrtz_simple_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT steward_qrtz_simple_triggers_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
    REFERENCES steward_qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE steward_qrtz_cron_triggers (
  sched_name      VARCHAR(120) NOT NULL,
  trigger_name    VARCHAR(200) NOT NULL,
  trigger_group   VARCHAR(200) NOT NULL,
  cron_expression VARCHAR(120) NOT NULL,
  time_zone_id    VARCHAR(80),
  CONSTRAINT steward_qrtz_cron_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT steward_qrtz_cron_triggers_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
    REFERENCES steward_qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE steward_qrtz_simprop_triggers (
  sched_name    VARCHAR(120) NOT NULL,
  trigger_name  VARCHAR(200) NOT NULL,
  trigger_group VARCHAR(200) NOT NULL,
  str_prop_1    VARCHAR(512),
  str_prop_2    VARCHAR(512),
  str_prop_3    VARCHAR(512),
  int_prop_1    INTEGER,
  int_prop_2    INTEGER,
  long_prop_1   BIGINT,
  long_prop_2   BIGINT,
  dec_prop_1    NUMERIC(13, 4),
  dec_prop_2    NUMERIC(13, 4),
  bool_prop_1   BOOLEAN,
  bool_prop_2   BOOLEAN,
  CONSTRAINT steward_qrtz_simprop_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT steward_qrtz_simprop_triggers_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
    REFERENCES steward_qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE steward_qrtz_blob_triggers (
  sched_name    VARCHAR(120) NOT NULL,
  trigger_name  VARCHAR(200) NOT NULL,
  trigger_group VARCHAR(200) NOT NULL,
  blob_data     BLOB,
  CONSTRAINT steward_qrtz_blob_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT steward_qrtz_blob_triggers_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
    REFERENCES steward_qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE steward_qrtz_calendars (
  sched_name    VARCHAR(120) NOT NULL,
  calendar_name VARCHAR(200) NOT NULL,
  calendar      BLOB         NOT NULL,
  CONSTRAINT steward_qrtz_calendars_pk PRIMARY KEY (sched_name, calendar_name)
);

CREATE TABLE steward_qrtz_paused_trigger_grps (
  sched_name    VARCHAR(120) NOT NULL,
  trigger_group VARCHAR(200) NOT NULL,
  CONSTRAINT steward_qrtz_paused_trigger_grps_pk PRIMARY KEY (sched_name, trigger_group)
);

-- Which trigger fired on which instance: what a cluster reads to recover the jobs of an instance that died.
CREATE TABLE steward_qrtz_fired_triggers (
  sched_name        VARCHAR(120) NOT NULL,
  entry_id          VARCHAR(95)  NOT NULL,
  trigger_name      VARCHAR(200) NOT NULL,
  trigger_group     VARCHAR(200) NOT NULL,
  instance_name     VARCHAR(200) NOT NULL,
  fired_time        BIGINT       NOT NULL,
  sched_time        BIGINT       NOT NULL,
  priority          INTEGER      NOT NULL,
  state             VARCHAR(16)  NOT NULL,
  job_name          VARCHAR(200),
  job_group         VARCHAR(200),
  is_nonconcurrent  BOOLEAN,
  requests_recovery BOOLEAN,
  CONSTRAINT steward_qrtz_fired_triggers_pk PRIMARY KEY (sched_name, entry_id)
);
CREATE INDEX steward_qrtz_fired_triggers_instance ON steward_qrtz_fired_triggers (sched_name, instance_name);

-- Cluster membership: each instance checks in here; one that stops checking in is taken over.
CREATE TABLE steward_qrtz_scheduler_state (
  sched_name        VARCHAR(120) NOT NULL,
  instance_name     VARCHAR(200) NOT NULL,
  last_checkin_time BIGINT       NOT NULL,
  checkin_interval  BIGINT       NOT NULL,
  CONSTRAINT steward_qrtz_scheduler_state_pk PRIMARY KEY (sched_name, instance_name)
);

-- Row locks (SELECT ... FOR UPDATE) that serialise trigger acquisition across a cluster.
CREATE TABLE steward_qrtz_locks (
  sched_name VARCHAR(120) NOT NULL,
  lock_name  VARCHAR(40)  NOT NULL,
  CONSTRAINT steward_qrtz_locks_pk PRIMARY KEY (sched_name, lock_name)
);
