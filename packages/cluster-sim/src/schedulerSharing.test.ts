import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTopology } from './__fixtures__/testTopology';
import { kubectl } from './__testUtils__/kubectl';
import { createSchemaValidation } from './schemaValidation';
import { ClusterSim, startClusterSim } from './startClusterSim';

jest.setTimeout(60_000);

// KAI Scheduler's and Volcano's over-quota sharing on the emulator, driven
// by kubectl: a team's queue runs above its quota while its department has
// idle GPUs, and the owner of those GPUs takes them back by reclaim.
const schedulers = [
  {
    scheduler: 'kai',
    schedulerName: 'kai-scheduler',
    resource: 'queues.scheduling.run.ai',
    queue: (name: string, quota: number, limit: number, parent?: string) => ({
      apiVersion: 'scheduling.run.ai/v2',
      kind: 'Queue',
      metadata: { name },
      spec: {
        ...(parent ? { parentQueue: parent } : {}),
        resources: {
          gpu: { quota, limit, overQuotaWeight: 1 },
          cpu: { quota: -1, limit: -1, overQuotaWeight: 1 },
          memory: { quota: -1, limit: -1, overQuotaWeight: 1 },
        },
      },
    }),
    inQueue: (queue: string) => ({
      labels: { 'kai.scheduler/queue': queue },
    }),
  },
  {
    scheduler: 'volcano',
    schedulerName: 'volcano',
    resource: 'queues.scheduling.volcano.sh',
    queue: (name: string, quota: number, limit: number, parent?: string) => ({
      apiVersion: 'scheduling.volcano.sh/v1beta1',
      kind: 'Queue',
      metadata: { name },
      spec: {
        ...(parent ? { parent } : {}),
        guarantee: { resource: { 'nvidia.com/gpu': String(quota) } },
        deserved: { 'nvidia.com/gpu': String(quota) },
        capability: { 'nvidia.com/gpu': String(limit) },
        reclaimable: true,
        weight: 1,
      },
    }),
    inQueue: (queue: string) => ({
      annotations: { 'scheduling.volcano.sh/queue-name': queue },
    }),
  },
];

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise(r => setTimeout(r, 100));
  }
}

describe.each(schedulers)(
  '$scheduler over-quota sharing on the emulator',
  ({ scheduler, schedulerName, resource, queue, inQueue }) => {
    let sim: ClusterSim;
    let dir: string;
    const run = (...args: string[]) => kubectl(args, sim.kubeconfigPath);
    const apply = async (name: string, objects: object[]) => {
      for (const [i, object] of objects.entries()) {
        const file = join(dir, `${name}-${i}.json`);
        writeFileSync(file, JSON.stringify(object));
        const applied = await run('apply', '-f', file);
        expect(applied).toMatchObject({ code: 0, stderr: '' });
      }
    };
    const pod = (name: string, team: string, gpus: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'sharing', ...inQueue(team) },
      spec: {
        schedulerName,
        containers: [
          {
            name: 'train',
            image: 'nvcr.io/nvidia/pytorch:24.05-py3',
            resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
          },
        ],
      },
    });
    const getPod = async (name: string) =>
      JSON.parse(
        (await run('get', 'pod', name, '-n', 'sharing', '-o', 'json')).stdout,
      );

    beforeAll(async () => {
      const schemas = createSchemaValidation({ required: true })!;
      sim = await startClusterSim({
        topology: testTopology,
        seed: 'nodes',
        validator: schemas.validator,
        openApi: schemas.openApi,
      });
      dir = mkdtempSync(join(tmpdir(), `cluster-sim-sharing-${scheduler}-`));
    }, 60_000);
    afterAll(async () => {
      await sim?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('runs a queue above its quota on idle GPUs, up to its limit, and reclaims them for the owner', async () => {
      // The department holds 6 GPUs: alpha deserves 4, beta 2 and may use 4.
      await apply('queues', [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sharing' } },
        queue('dept', 6, 6),
        queue('alpha', 4, 6, 'dept'),
        queue('beta', 2, 4, 'dept'),
      ]);

      // Beta borrows: 4 GPUs, 2 above its quota.
      await apply('borrower', [pod('beta-train', 'beta', 4)]);
      const borrowing = await eventually(
        () => getPod('beta-train'),
        p => p.status?.phase === 'Running',
      );
      expect(borrowing.status.phase).toBe('Running');
      // The queues report it, a parent counting its children's.
      const allocated = async (name: string) =>
        JSON.parse(
          (
            await run(
              'get',
              resource,
              name,
              '-o',
              'jsonpath={.status.allocated}',
            )
          ).stdout || '{}',
        )['nvidia.com/gpu'];
      expect(
        await eventually(
          () => allocated('dept'),
          n => n === '4',
        ),
      ).toBe('4');
      expect(await allocated('beta')).toBe('4');
      expect(await allocated('alpha')).toBeUndefined();

      // Not above its limit: one more GPU waits, naming the queue.
      await apply('over-limit', [pod('beta-extra', 'beta', 1)]);
      const waiting = await eventually(
        () => getPod('beta-extra'),
        p =>
          p.status?.conditions?.some(
            (c: any) => c.type === 'PodScheduled' && c.status === 'False',
          ),
      );
      expect(waiting.status.phase).toBe('Pending');
      expect(
        waiting.status.conditions.find((c: any) => c.type === 'PodScheduled')
          .message,
      ).toMatch(
        /queue beta has no room for 1 nvidia\.com\/gpu: its limit is 4/,
      );
      expect(
        (await run('delete', 'pod', 'beta-extra', '-n', 'sharing')).code,
      ).toBe(0);

      // The owner asks for its 4: beta's borrowed pod is evicted for it.
      await apply('owner', [pod('alpha-train', 'alpha', 4)]);
      const owner = await eventually(
        () => getPod('alpha-train'),
        p => p.status?.phase === 'Running',
      );
      expect(owner.status.phase).toBe('Running');
      const evicted = await getPod('beta-train');
      expect(evicted.status.phase).toBe('Pending');
      expect(evicted.spec.nodeName).toBeUndefined();
      const disruption = evicted.status.conditions.find(
        (c: any) => c.type === 'DisruptionTarget',
      );
      expect(disruption).toMatchObject({
        status: 'True',
        reason: 'PreemptionByScheduler',
      });
      expect(disruption.message).toContain(
        'that queue beta used above its quota, for queue alpha',
      );
      const events = JSON.parse(
        (
          await run(
            'get',
            'events',
            '-n',
            'sharing',
            '--field-selector',
            'involvedObject.name=beta-train,reason=Evicted',
            '-o',
            'json',
          )
        ).stdout,
      );
      expect(events.items).toHaveLength(1);

      // It waits: the department has no room left for beta above its quota.
      const stillWaiting = await eventually(
        () => getPod('beta-train'),
        p =>
          /queue dept has no room/.test(
            p.status?.conditions?.find((c: any) => c.type === 'PodScheduled')
              ?.message ?? '',
          ),
      );
      expect(stillWaiting.status.phase).toBe('Pending');

      // Once the owner is done, beta borrows again.
      expect(
        (await run('delete', 'pod', 'alpha-train', '-n', 'sharing')).code,
      ).toBe(0);
      const again = await eventually(
        () => getPod('beta-train'),
        p => p.status?.phase === 'Running',
      );
      expect(again.status.phase).toBe('Running');
    });
  },
);
