import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { scheduleSuiteTask } from './scheduleSuiteTask';

function recordingLogger() {
  const lines: Array<{
    level: string;
    message: string;
    meta?: unknown;
    fields: object;
  }> = [];
  const make = (fields: object): LoggerService => {
    const at =
      (level: string) =>
      (message: string, meta?: Error | object): void => {
        lines.push({ level, message, meta, fields });
      };
    return {
      error: at('error'),
      warn: at('warn'),
      info: at('info'),
      debug: at('debug'),
      child: more => make({ ...fields, ...more }),
    };
  };
  return { logger: make({}), lines };
}

describe('scheduleSuiteTask', () => {
  const schedule = {
    frequency: { minutes: 10 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 20 },
  };

  it('registers the task under its id and schedule and runs it with a task logger', async () => {
    const scheduler = mockServices.scheduler();
    const { logger, lines } = recordingLogger();
    const scheduleTask = jest.spyOn(scheduler, 'scheduleTask');
    const seen: AbortSignal[] = [];

    await scheduleSuiteTask({
      scheduler,
      logger,
      id: 'suite-sweep',
      schedule,
      failureMessage: 'Sweeping failed',
      fn: async (taskLogger, signal) => {
        seen.push(signal);
        taskLogger.info('Swept', { items: 3 });
      },
    });

    expect(scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'suite-sweep', ...schedule }),
    );
    expect((await scheduler.getScheduledTasks()).map(t => t.id)).toEqual([
      'suite-sweep',
    ]);
    await (scheduler as unknown as MockScheduler).triggerTask('suite-sweep');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(lines).toEqual([
      {
        level: 'debug',
        message: 'Scheduled task started',
        meta: undefined,
        fields: { task: 'suite-sweep' },
      },
      {
        level: 'info',
        message: 'Swept',
        meta: { items: 3 },
        fields: { task: 'suite-sweep' },
      },
      {
        level: 'debug',
        message: 'Scheduled task finished',
        meta: { durationMs: expect.any(Number) },
        fields: { task: 'suite-sweep' },
      },
    ]);
  });

  it('logs a failed run as an error with the task id and does not throw', async () => {
    const scheduler = mockServices.scheduler();
    const { logger, lines } = recordingLogger();

    await scheduleSuiteTask({
      scheduler,
      logger,
      id: 'suite-sweep',
      schedule,
      failureMessage: 'Sweeping failed',
      fn: async () => {
        throw new Error('catalog unavailable');
      },
    });

    await expect(
      (scheduler as unknown as MockScheduler).triggerTask('suite-sweep'),
    ).resolves.toBeUndefined();
    expect(lines.filter(l => l.level !== 'debug')).toEqual([
      {
        level: 'error',
        message: 'Sweeping failed',
        meta: { error: 'Error: catalog unavailable' },
        fields: { task: 'suite-sweep' },
      },
    ]);
  });
});

/** The mock scheduler of backend-test-utils can run a task on demand. */
interface MockScheduler {
  triggerTask(id: string): Promise<void>;
}
