import { mockServices } from '@backstage/backend-test-utils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
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

  it('is idle at once when nothing is queued', async () => {
    const queue = ProvisioningQueue.create({
      logger: mockServices.logger.mock(),
      lifecycle: { provision: async request => request },
    });
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
