import { mockServices } from '@backstage/backend-test-utils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { waitFor } from '@ai-platform/test-utils';
import { ProvisioningQueue } from './ProvisioningQueue';

const requestNumbered = (n: number) =>
  ({ id: `request-${n}`, status: 'approved' } as GpuRequest);

describe('ProvisioningQueue', () => {
  it('applies every queued request, at most `concurrency` at a time', async () => {
    let running = 0;
    let most = 0;
    const done: string[] = [];
    const queue = ProvisioningQueue.create({
      concurrency: 3,
      logger: mockServices.logger.mock(),
      lifecycle: {
        provision: async request => {
          running++;
          most = Math.max(most, running);
          await new Promise(resolve => setTimeout(resolve, 5));
          running--;
          done.push(request.id);
          return request;
        },
      },
    });
    for (let n = 0; n < 20; n++) queue.enqueue(requestNumbered(n));
    await queue.idle();
    expect(done.sort()).toEqual(
      Array.from({ length: 20 }, (_, n) => `request-${n}`).sort(),
    );
    expect(most).toBe(3);
  });

  it('logs a failed attempt and goes on with the others', async () => {
    const logger = mockServices.logger.mock();
    const done: string[] = [];
    const queue = ProvisioningQueue.create({
      logger,
      lifecycle: {
        provision: async request => {
          if (request.id === 'request-1') throw new Error('cluster down');
          done.push(request.id);
          return request;
        },
      },
    });
    [0, 1, 2].forEach(n => queue.enqueue(requestNumbered(n)));
    await queue.idle();
    expect(done.sort()).toEqual(['request-0', 'request-2']);
    expect(logger.warn).toHaveBeenCalledWith(
      'Provisioning failed; the lifecycle loop retries it',
      { requestId: 'request-1', error: 'Error: cluster down' },
    );
  });

  it('applies at most `busyConcurrency` at a time while the event loop is busy, and more once it calms down', async () => {
    let utilisation = 0.9;
    let running = 0;
    const mostWhile = { busy: 0, calm: 0 };
    const release: Array<() => void> = [];
    const queue = ProvisioningQueue.create({
      concurrency: 6,
      busyConcurrency: 2,
      load: { utilisation: () => utilisation },
      logger: mockServices.logger.mock(),
      lifecycle: {
        provision: async request => {
          running++;
          const phase = utilisation > 0.75 ? 'busy' : 'calm';
          mostWhile[phase] = Math.max(mostWhile[phase], running);
          await new Promise<void>(resolve => release.push(resolve));
          running--;
          return request;
        },
      },
    });
    for (let n = 0; n < 12; n++) queue.enqueue(requestNumbered(n));
    expect(running).toBe(2);
    // Nothing finishes; the loop calms down: the queue looks again by itself.
    utilisation = 0.2;
    await new Promise(resolve => setTimeout(resolve, 120));
    expect(running).toBe(6);
    while (release.length) {
      release.shift()!();
      await new Promise(resolve => setImmediate(resolve));
    }
    await queue.idle();
    expect(mostWhile).toEqual({ busy: 2, calm: 6 });
  });

  it('reads the real event loop by default, applying all 16 at once when it is idle', async () => {
    let running = 0;
    let most = 0;
    const queue = ProvisioningQueue.create({
      logger: mockServices.logger.mock(),
      lifecycle: {
        provision: async request => {
          running++;
          most = Math.max(most, running);
          await new Promise(resolve => setTimeout(resolve, 20));
          running--;
          return request;
        },
      },
    });
    for (let n = 0; n < 32; n++) queue.enqueue(requestNumbered(n));
    await queue.idle();
    expect(most).toBe(16);
  });

  it('holds grants while answers are computed, and starts them when the last answer is given', async () => {
    const started: string[] = [];
    const queue = ProvisioningQueue.create({
      logger: mockServices.logger.mock(),
      load: { utilisation: () => 0 },
      // Longer than the test: only the answers' end starts the grants.
      holdMs: 60_000,
      lifecycle: {
        provision: async request => {
          started.push(request.id);
          return request;
        },
      },
    });
    let finishFirst!: () => void;
    let finishSecond!: () => void;
    const first = queue.answer(
      () => new Promise<void>(resolve => (finishFirst = resolve)),
    );
    const second = queue.answer(
      () => new Promise<void>(resolve => (finishSecond = resolve)),
    );
    queue.enqueue(requestNumbered(0));
    queue.enqueue(requestNumbered(1));
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(started).toEqual([]);
    finishFirst();
    await first;
    expect(started).toEqual([]);
    finishSecond();
    await second;
    expect(started).toEqual(['request-0', 'request-1']);
    await queue.idle();
  });

  it('starts a grant once it has waited `holdMs`, even while answers go on', async () => {
    let clock = 0;
    const started: string[] = [];
    const queue = ProvisioningQueue.create({
      logger: mockServices.logger.mock(),
      load: { utilisation: () => 0 },
      holdMs: 40,
      now: () => clock,
      lifecycle: {
        provision: async request => {
          started.push(request.id);
          return request;
        },
      },
    });
    // An answer that never ends.
    void queue.answer(() => new Promise<void>(() => {}));
    queue.enqueue(requestNumbered(0));
    clock = 30;
    queue.enqueue(requestNumbered(1));
    // The queue looks again when the first grant's hold ends.
    clock = 40;
    await waitFor(() => (started.length ? started : undefined));
    expect(started).toEqual(['request-0']);
    clock = 70;
    await waitFor(() => (started.length === 2 ? started : undefined));
    expect(started).toEqual(['request-0', 'request-1']);
    await queue.idle();
  });

  it('gives an answer its outcome, failures included', async () => {
    const queue = ProvisioningQueue.create({
      logger: mockServices.logger.mock(),
      lifecycle: { provision: async request => request },
    });
    await expect(queue.answer(async () => 'granted')).resolves.toBe('granted');
    await expect(
      queue.answer(async () => {
        throw new Error('over quota');
      }),
    ).rejects.toThrow('over quota');
  });

  it('is idle at once when nothing is queued', async () => {
    const queue = ProvisioningQueue.create({
      logger: mockServices.logger.mock(),
      lifecycle: { provision: async request => request },
    });
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
