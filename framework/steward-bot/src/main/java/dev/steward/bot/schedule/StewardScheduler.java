package dev.steward.bot.schedule;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.SchedulerConfig;
import dev.steward.client.MatrixClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz on the store's database: runs the {@code @Scheduled} methods of registered beans and the
 * {@link DelayedActions}. Create it, register the beans, then {@link #start()}; {@link #close()} waits for running
 * jobs. With {@code cluster: true} (PostgreSQL only) instances sharing the database run each firing once, and take
 * over the due jobs of an instance that stopped checking in.
 */
public final class StewardScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StewardScheduler.class);

  /** Quartz's scheduler name: the same on every instance, since a cluster is the instances sharing it. */
  static final String NAME = "steward";
  static final String METHOD_GROUP = "steward.scheduled";
  private static final String TABLE_PREFIX = "steward_qrtz_";

  /** Makes Quartz; called once, when it is first needed. */
  private final Callable<Scheduler> factory;
  private final DataSource dataSource;
  private final MatrixClient client;
  private final ScheduledRegistry registry = new ScheduledRegistry();
  private final DelayedActions actions;
  private final boolean clustered;
  /** Guards making Quartz and closing it, apart from this object's monitor, which a running job may need. */
  private final Object quartzLock = new Object();
  /** Null until needed: a bot with no scheduled methods and no pending delayed actions never makes it. */
  private volatile Scheduler quartz;
  /** Job listeners, kept to be added to Quartz when it is made (guarded by quartzLock). */
  private final List<JobListener> listeners = new ArrayList<>();
  private boolean started;
  /** Whether Quartz runs jobs as soon as it is made (start() has run). */
  private volatile boolean running;
  private boolean closed;

  private StewardScheduler(Callable<Scheduler> factory, DataSource dataSource, MatrixClient client,
                           boolean clustered) {
    this.factory = factory;
    this.dataSource = dataSource;
    this.client = client;
    this.clustered = clustered;
    this.actions = new DelayedActions(this::quartz, client);
  }

  /**
   * Quartz, made on first use: by {@link #start()} when there is something to run, else by the first delayed action
   * scheduled, cancelled or looked up. Made after start(), it starts running jobs at once.
   */
  Scheduler quartz() {
    Scheduler q = quartz;
    if (q != null) {
      return q;
    }
    synchronized (quartzLock) {
      if (quartz == null) {
        if (closed) {
          throw new IllegalStateException("the scheduler is closed");
        }
        try {
          q = factory.call();
          // Quartz also keeps schedulers by name JVM-wide and would hand a second instance the first one.
          SchedulerRepository.getInstance().remove(NAME);
          q.setJobFactory(new StewardJobFactory(registry, actions, client));
          for (JobListener listener : listeners) {
            q.getListenerManager().addJobListener(listener);
          }
          if (running) {
            q.start();
            log.info("scheduler started for the first delayed action, as {}", q.getSchedulerInstanceId());
          }
        } catch (Exception e) {
          if (q != null) {
            try {
              q.shutdown(false); // a Quartz that failed to start is not kept, so its threads must not be either
            } catch (SchedulerException closing) {
              e.addSuppressed(closing);
            }
          }
          throw new IllegalStateException("creating the scheduler", e);
        }
        quartz = q;
      }
      return quartz;
    }
  }

  /**
   * A scheduler in standby on {@code dataSource} (the store's, whose migrations made Quartz's tables), running jobs
   * with {@code client}.
   *
   * @throws ConfigException at {@code scheduler.cluster} when clustering is asked for on a database other than
   *     PostgreSQL
   */
  public static StewardScheduler create(SchedulerConfig config, DataSource dataSource, MatrixClient client) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(client, "client");
    boolean postgres = isPostgres(dataSource);
    if (config.cluster() && !postgres) {
      throw new ConfigException("scheduler.cluster", "clustering needs a shared PostgreSQL database");
    }
    // Quartz finds data sources by name in a JVM-wide table; a fresh name per scheduler keeps tests' apart.
    String dataSourceName = "steward-" + UUID.randomUUID();
    DBConnectionManager.getInstance().addConnectionProvider(dataSourceName,
        new DataSourceConnectionProvider(dataSource));
    Properties properties = properties(config, postgres, dataSourceName);
    return new StewardScheduler(() -> new StdSchedulerFactory(properties).getScheduler(), dataSource, client,
        config.cluster());
  }

  /** Registers the {@code @Scheduled} methods of {@code bean}; a bad one fails here, naming the method. */
  public synchronized void register(Object bean) {
    Objects.requireNonNull(bean, "bean");
    if (started) {
      throw new IllegalStateException("register beans before start()");
    }
    registry.register(bean);
  }

  /**
   * Where a cron given as a placeholder, {@code @Scheduled(cron = "${bots.housekeeping.schedule}")}, finds its
   * value: {@code values} maps such a path to the setting's value, empty when there is no such setting. A setting
   * whose value is empty turns the method off. Set it before registering beans.
   */
  public synchronized void settings(Function<String, Optional<String>> values) {
    if (started) {
      throw new IllegalStateException("set the settings before start()");
    }
    registry.settings(values);
  }

  /** Whether Quartz has been made (tests: a bot with nothing to schedule never makes it). */
  boolean quartzMade() {
    return quartz != null;
  }

  /** The delayed actions kept by this scheduler. */
  public DelayedActions delayedActions() {
    return actions;
  }

  /** This instance's id in the cluster (Quartz's {@code NON_CLUSTERED} when not clustered). */
  public String instanceId() {
    try {
      return quartz().getSchedulerInstanceId();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Brings the stored schedules in line with the registered methods (new ones added, changed ones replaced, ones
   * whose method is gone removed) and starts running jobs.
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    List<ScheduledMethod> enabled = new ArrayList<>();
    for (ScheduledMethod m : registry.all()) {
      if (m.enabled()) {
        enabled.add(m);
      } else {
        log.info("{} is not scheduled: its cron setting is empty", m.name());
      }
    }
    // A cluster always runs Quartz: it takes over the due jobs of instances that stopped.
    if (enabled.isEmpty() && !clustered && !hasStoredJobs()) {
      synchronized (quartzLock) {
        // Unless a bot's constructor made it already (say, by looking up an action): then it is started below.
        if (quartz == null) {
          started = true;
          running = true;
          log.info("scheduler idle: no scheduled methods and no pending delayed actions; it starts with the first");
          return;
        }
      }
    }
    try {
      Scheduler quartz = quartz();
      Set<JobKey> current = new HashSet<>();
      for (ScheduledMethod m : enabled) {
        current.add(store(quartz, m));
      }
      for (JobKey stale : quartz.getJobKeys(GroupMatcher.jobGroupEquals(METHOD_GROUP))) {
        if (!current.contains(stale)) {
          log.info("removing the schedule of {}, no longer a @Scheduled method", stale.getName());
          quartz.deleteJob(stale);
        }
      }
      quartz.start();
      started = true;
      running = true;
      log.info("scheduler started as {}{}: {} scheduled methods", instanceId(), clustered ? " (clustered)" : "",
          current.size());
    } catch (SchedulerException e) {
      throw new IllegalStateException("starting the scheduler", e);
    }
  }

  /**
   * Whether the database holds jobs of this scheduler (pending delayed actions, schedules of methods that may be
   * gone); true when it cannot tell, so that nothing pending is left unrun.
   */
  private boolean hasStoredJobs() {
    try {
      return storedJobCount() > 0;
    } catch (IllegalStateException e) {
      log.warn("cannot tell whether delayed actions are pending; starting the scheduler", e);
      return true;
    }
  }

  /** How many jobs of this scheduler the database holds, read without making Quartz. */
  private long storedJobCount() {
    String sql = "SELECT COUNT(*) FROM " + TABLE_PREFIX + "job_details WHERE sched_name = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, NAME);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("counting the stored jobs: " + e.getMessage(), e);
    }
  }

  private JobKey store(Scheduler quartz, ScheduledMethod m) throws SchedulerException {
    JobKey jobKey = JobKey.jobKey(m.key(), METHOD_GROUP);
    TriggerKey triggerKey = TriggerKey.triggerKey(m.key(), METHOD_GROUP);
    Trigger existing = quartz.getTrigger(triggerKey);
    // An unchanged schedule keeps its stored next firing, so a restart neither skips nor repeats one.
    if (existing != null && m.describe().equals(existing.getDescription())) {
      return jobKey;
    }
    JobDetail job = JobBuilder.newJob(MethodJob.class).withIdentity(jobKey).withDescription(m.name())
        .storeDurably().build();
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(jobKey)
        .withDescription(m.describe()).startAt(Date.from(m.startAt(Instant.now())))
        .withSchedule(m.schedule()).build();
    quartz.scheduleJob(job, Set.of(trigger), true);
    log.info("scheduled {}: {}", m.name(), m.describe());
    return jobKey;
  }

  /** Stops taking new firings and waits for running jobs; pending ones stay stored for the next start. */
  @Override
  public void close() {
    Scheduler q;
    synchronized (quartzLock) {
      closed = true;
      q = quartz;
    }
    if (q == null) {
      return;
    }
    try {
      q.shutdown(true);
    } catch (SchedulerException e) {
      throw new IllegalStateException("stopping the scheduler", e);
    }
  }

  private static Properties properties(SchedulerConfig config, boolean postgres, String dataSourceName) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", NAME);
    // Without a cluster the id must stay the same across restarts: Quartz recovers the jobs of its own id only.
    if (config.cluster() || !SchedulerConfig.AUTO.equals(config.instanceId())) {
      p.setProperty("org.quartz.scheduler.instanceId", config.instanceId());
    }
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(config.threads()));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "steward-job");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", postgres
        ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
    p.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
    // Job data as text only: no Java serialization of bot objects in the database.
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(config.cluster()));
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(config.clusterCheckinInterval().toMillis()));
    // Quartz reads a due trigger, then its job, in two statements; outside the trigger lock a cancel (deleteJob,
    // which holds it) can come between them and leave the scan a null job, logged as an error. In one process the
    // lock is an in-memory monitor, so taking it costs next to nothing.
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    return p;
  }

  /** Tells {@code observer} about every job run from now on (its time, and its failure if it failed). */
  public void observe(JobObserver observer) {
    Objects.requireNonNull(observer, "observer");
    addJobListener(new JobListener() {
      @Override
      public String getName() {
        return "steward-job-observer-" + System.identityHashCode(observer);
      }

      @Override
      public void jobToBeExecuted(JobExecutionContext context) {}

      @Override
      public void jobExecutionVetoed(JobExecutionContext context) {}

      @Override
      public void jobWasExecuted(JobExecutionContext context, JobExecutionException thrown) {
        JobDetail job = context.getJobDetail();
        boolean method = METHOD_GROUP.equals(job.getKey().getGroup());
        String name = job.getDescription() != null ? job.getDescription() : "unknown";
        Throwable failure = thrown != null ? thrown : context.getResult() instanceof Throwable t ? t : null;
        observer.ran(name, method ? "scheduled" : "delayed", TimeUnit.MILLISECONDS.toNanos(context.getJobRunTime()),
            Optional.ofNullable(failure));
      }
    });
  }

  /**
   * The jobs held, soonest first, at most {@code limit}: the {@code @Scheduled} methods, and the delayed actions by
   * their type (never their data), with when each fires next. The delayed actions are read in one query of the
   * store's Quartz tables, so a bot with thousands of timed bans lists its soonest few without loading them all.
   */
  public List<ScheduledJob> jobs(int limit) {
    List<ScheduledJob> out = new ArrayList<>();
    Scheduler quartz = this.quartz; // not made yet: no scheduled methods, and the delayed actions are read below
    try {
      for (JobKey key : quartz == null ? Set.<JobKey>of() : quartz.getJobKeys(GroupMatcher.jobGroupEquals(METHOD_GROUP))) {
        JobDetail job = quartz.getJobDetail(key);
        if (job == null) {
          continue; // removed since the keys were read
        }
        Instant next = null;
        String schedule = "";
        for (Trigger t : quartz.getTriggersOfJob(key)) {
          Date fire = t.getNextFireTime();
          if (fire != null && (next == null || fire.toInstant().isBefore(next))) {
            next = fire.toInstant();
          }
          schedule = t.getDescription() != null ? t.getDescription() : schedule;
        }
        out.add(new ScheduledJob(job.getDescription() != null ? job.getDescription() : key.getName(), "scheduled",
            schedule, Optional.ofNullable(next)));
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("listing the scheduled methods", e);
    }
    out.addAll(soonestActions(limit));
    out.sort(Comparator.comparing((ScheduledJob j) -> j.next().orElse(Instant.MAX)));
    return out.size() <= limit ? out : List.copyOf(out.subList(0, limit));
  }

  /** How many jobs are held: the scheduled methods and the pending delayed actions. */
  public int jobCount() {
    Scheduler q = quartz;
    if (q == null) {
      return (int) storedJobCount(); // nothing scheduled yet: the pending delayed actions are all in the store
    }
    try {
      return q.getJobKeys(GroupMatcher.jobGroupEquals(METHOD_GROUP)).size()
          + q.getJobKeys(GroupMatcher.jobGroupEquals(DelayedActions.GROUP)).size();
    } catch (SchedulerException e) {
      throw new IllegalStateException("counting the jobs", e);
    }
  }

  private List<ScheduledJob> soonestActions(int limit) {
    List<ScheduledJob> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT j.description, t.next_fire_time FROM " + TABLE_PREFIX
             + "triggers t JOIN " + TABLE_PREFIX + "job_details j ON j.sched_name = t.sched_name"
             + " AND j.job_name = t.job_name AND j.job_group = t.job_group"
             + " WHERE t.sched_name = ? AND t.trigger_group = ? ORDER BY t.next_fire_time")) {
      s.setString(1, NAME);
      s.setString(2, DelayedActions.GROUP);
      s.setMaxRows(limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next() && out.size() < limit) {
          String type = r.getString(1);
          long next = r.getLong(2);
          boolean none = r.wasNull() || next <= 0;
          out.add(new ScheduledJob(type != null ? type : "delayed action", "delayed", "",
              none ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next))));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("listing the delayed actions: " + e.getMessage(), e);
    }
    return out;
  }

  /** Adds a Quartz job listener: how tests see which fire time each run was for, on which instance. */
  void addJobListener(JobListener listener) {
    synchronized (quartzLock) {
      listeners.add(listener);
      if (quartz == null) {
        return; // added when Quartz is made: observing the jobs must not make it
      }
    }
    try {
      quartz.getListenerManager().addJobListener(listener);
    } catch (SchedulerException e) {
      throw new IllegalStateException("adding a job listener", e);
    }
  }

  private static boolean isPostgres(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    } catch (SQLException e) {
      throw new IllegalStateException("asking the store's database for its kind", e);
    }
  }
}
