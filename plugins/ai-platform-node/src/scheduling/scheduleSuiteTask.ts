import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * A recurring task of one of the suite's backends.
 *
 * @public
 */
export interface SuiteTaskOptions {
  /** The plugin's scheduler. */
  scheduler: SchedulerService;
  /** The plugin's logger; runs log through a child of it. */
  logger: LoggerService;
  /** The scheduler's task id, also the `task` field of every log line. */
  id: string;
  /** When it runs: frequency, timeout and initial delay, usually from config. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** The error log message when a run throws, e.g. `Reconciling GPU grants failed`. */
  failureMessage: string;
  /**
   * One run. It gets a logger carrying `{ task: id }` for what it reports,
   * and the signal the scheduler aborts on timeout or shutdown.
   */
  fn: (logger: LoggerService, abortSignal: AbortSignal) => Promise<void>;
}

/**
 * Schedules a recurring task with the scheduler. A failed run is logged as
 * an error naming the task and never thrown, so one bad run (a cluster or
 * the catalog down) leaves the schedule running and the log says why. Each
 * run's start and end are logged at debug level with the task id.
 *
 * @public
 */
export async function scheduleSuiteTask(
  options: SuiteTaskOptions,
): Promise<void> {
  const { scheduler, logger, id, schedule, failureMessage, fn } = options;
  await scheduler.scheduleTask({
    ...schedule,
    id,
    fn: async abortSignal => {
      const taskLogger = logger.child({ task: id });
      // Start and end of every run (debug), to tell which replica ran when.
      const started = Date.now();
      taskLogger.debug('Scheduled task started');
      try {
        await fn(taskLogger, abortSignal);
      } catch (error) {
        taskLogger.error(failureMessage, { error: String(error) });
      }
      taskLogger.debug('Scheduled task finished', {
        durationMs: Date.now() - started,
      });
    },
  });
}
