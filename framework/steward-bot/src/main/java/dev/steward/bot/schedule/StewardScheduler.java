package dev.steward.bot.schedule;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.SchedulerConfig;
import dev.steward.client.MatrixClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
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

  private final Scheduler quartz;
  private final ScheduledRegistry registry = new ScheduledRegistry();
  private final DelayedActions actions;
  private final boolean clustered;
  private boolean started;

  private StewardScheduler(Scheduler quartz, MatrixClient client, boolean clustered) throws SchedulerException {
    this.quartz = quartz;
    this.clustered = clustered;
    this.actions = new DelayedActions(quartz, client);
    quartz.setJobFactory(new StewardJobFactory(registry, actions, client));
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
    try {
      Scheduler quartz = new StdSchedulerFactory(properties(config, postgres, dataSourceName)).getScheduler();
      // Quartz also keeps schedulers by name JVM-wide and would hand a second instance the first one.
      SchedulerRepository.getInstance().remove(NAME);
      return new StewardScheduler(quartz, client, config.cluster());
    } catch (SchedulerException e) {
      throw new IllegalStateException("creating the scheduler", e);
    }
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

  /** The delayed actions kept by this scheduler. */
  public DelayedActions delayedActions() {
    return actions;
  }

  /** This instance's id in the cluster (Quartz's {@code NON_CLUSTERED} when not clustered). */
  public String instanceId() {
    try {
      return quartz.getSchedulerInstanceId();
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
    try {
      Set<JobKey> current = new HashSet<>();
      for (ScheduledMethod m : registry.all()) {
        if (m.enabled()) {
          current.add(store(m));
        } else {
          log.info("{} is not scheduled: its cron setting is empty", m.name());
        }
      }
      for (JobKey stale : quartz.getJobKeys(GroupMatcher.jobGroupEquals(METHOD_GROUP))) {
        if (!current.contains(stale)) {
          log.info("removing the schedule of {}, no longer a @Scheduled method", stale.getName());
          quartz.deleteJob(stale);
        }
      }
      quartz.start();
      started = true;
      log.info("scheduler started as {}{}: {} scheduled methods", instanceId(), clustered ? " (clustered)" : "",
          current.size());
    } catch (SchedulerException e) {
      throw new IllegalStateException("starting the scheduler", e);
    }
  }

  private JobKey store(ScheduledMethod m) throws SchedulerException {
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
  public synchronized void close() {
    try {
      quartz.shutdown(true);
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

  /** Adds a Quartz job listener: how tests see which fire time each run was for, on which instance. */
  void addJobListener(JobListener listener) {
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
