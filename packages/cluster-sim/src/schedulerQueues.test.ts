import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTopology } from './__fixtures__/testTopology';
import { kubectl } from './__testUtils__/kubectl';
import { findFixturesDir } from './schema/findFixturesDir';
import { createSchemaValidation } from './schemaValidation';
import { ClusterSim, startClusterSim } from './startClusterSim';

jest.setTimeout(60_000);

/** The queues of KAI Scheduler and Volcano, served from their real CRDs. */
describe('KAI Scheduler and Volcano queues on the emulator', () => {
  let sim: ClusterSim;
  let dir: string;
  const run = (...args: string[]) => kubectl(args, sim.kubeconfigPath);
  const example = (...parts: string[]) => join(findFixturesDir()!, ...parts);

  beforeAll(async () => {
    const schemas = createSchemaValidation({ required: true })!;
    sim = await startClusterSim({
      topology: testTopology,
      seed: 'nodes',
      validator: schemas.validator,
      openApi: schemas.openApi,
    });
    dir = mkdtempSync(join(tmpdir(), 'cluster-sim-queues-'));
  }, 60_000);
  afterAll(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("applies KAI Scheduler's quick-start queues and lists them by their group", async () => {
    const applied = await run(
      'apply',
      '-f',
      example('kai-scheduler', 'examples', 'quickstart_default-queues.yaml'),
    );
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout).toContain(
      'queue.scheduling.run.ai/default-queue created',
    );
    const listed = await run(
      'get',
      'queues.scheduling.run.ai',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.spec.parentQueue}{"\\n"}{end}',
    );
    expect(listed.stdout.trim().split('\n').sort()).toEqual([
      'default-parent-queue=',
      'default-queue=default-parent-queue',
    ]);
  });

  it("applies Volcano's queue example and refuses a queue its schema does not allow", async () => {
    const applied = await run(
      'apply',
      '-f',
      example('volcano', 'examples', 'how_to_use_dra_quota_mixed-queue.yaml'),
    );
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    const gpus = await run(
      'get',
      'queues.scheduling.volcano.sh',
      'ml-team',
      '-o',
      'jsonpath={.spec.capability.nvidia\\.com/gpu}',
    );
    expect(gpus.stdout).toBe('4');

    const invalid = join(dir, 'invalid-queue.yaml');
    writeFileSync(
      invalid,
      [
        'apiVersion: scheduling.volcano.sh/v1beta1',
        'kind: Queue',
        'metadata:',
        '  name: bad-weight',
        'spec:',
        '  weight: 0',
        '',
      ].join('\n'),
    );
    const refused = await run('apply', '-f', invalid);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec.weight');
  });

  it('groups pods of KAI Scheduler and Volcano into PodGroups, and enqueues Volcano groups within the queue capability', async () => {
    const file = join(dir, 'podgroups.yaml');
    const pod = (name: string, schedulerName: string, meta: string[]) =>
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        `  name: ${name}`,
        '  namespace: batch',
        ...meta,
        'spec:',
        `  schedulerName: ${schedulerName}`,
        '  containers:',
        '    - name: train',
        '      image: nvcr.io/nvidia/pytorch:24.05-py3',
        '      resources:',
        '        limits:',
        // More than any node has: the pods wait.
        "          nvidia.com/gpu: '64'",
      ].join('\n');
    writeFileSync(
      file,
      [
        [
          'apiVersion: v1',
          'kind: Namespace',
          'metadata:',
          '  name: batch',
        ].join('\n'),
        [
          'apiVersion: scheduling.volcano.sh/v1beta1',
          'kind: Queue',
          'metadata:',
          '  name: research',
          'spec:',
          '  capability:',
          "    nvidia.com/gpu: '100'",
        ].join('\n'),
        pod('volcano-first', 'volcano', [
          '  annotations:',
          '    scheduling.volcano.sh/queue-name: research',
        ]),
        pod('kai-run', 'kai-scheduler', [
          '  labels:',
          '    kai.scheduler/queue: default-queue',
        ]),
      ].join('\n---\n'),
    );
    expect(await run('apply', '-f', file)).toMatchObject({
      stderr: '',
      code: 0,
    });
    await new Promise(r => setTimeout(r, 1100));
    writeFileSync(
      file,
      pod('volcano-second', 'volcano', [
        '  annotations:',
        '    scheduling.volcano.sh/queue-name: research',
      ]),
    );
    expect(await run('apply', '-f', file)).toMatchObject({
      stderr: '',
      code: 0,
    });
    await new Promise(r => setTimeout(r, 300));

    const json = async (...args: string[]) =>
      JSON.parse((await run('get', ...args, '-o', 'json')).stdout);
    const volcano = (
      await json('podgroups.scheduling.volcano.sh', '-n', 'batch')
    ).items as any[];
    const groupOf = async (name: string) =>
      (await json('pod', name, '-n', 'batch')).metadata.annotations[
        'scheduling.k8s.io/group-name'
      ];
    const first = volcano.find(
      g => g.metadata.ownerReferences[0].name === 'volcano-first',
    );
    const second = volcano.find(
      g => g.metadata.ownerReferences[0].name === 'volcano-second',
    );
    expect(await groupOf('volcano-first')).toBe(first.metadata.name);
    expect(first).toMatchObject({
      spec: {
        minMember: 1,
        queue: 'research',
        minResources: { 'nvidia.com/gpu': '64' },
      },
      // 64 of the queue's 100: enqueued, waiting for a node.
      status: { phase: 'Inqueue' },
    });
    expect(second).toMatchObject({
      spec: { queue: 'research' },
      // 64 more would pass the capability: not enqueued.
      status: {
        phase: 'Pending',
        conditions: [
          expect.objectContaining({
            type: 'Unschedulable',
            message: 'queue research resource quota insufficient',
          }),
        ],
      },
    });

    const kai = (await json('podgroups.scheduling.run.ai', '-n', 'batch'))
      .items as any[];
    expect(kai).toEqual([
      expect.objectContaining({
        spec: { minMember: 1, queue: 'default-queue' },
        status: expect.objectContaining({ pending: 1, running: 0 }),
      }),
    ]);
    expect(
      (await json('pod', 'kai-run', '-n', 'batch')).metadata.annotations[
        'pod-group-name'
      ],
    ).toBe(kai[0].metadata.name);

    // The group goes with its pod.
    expect(
      await run('delete', 'pod', 'volcano-first', '-n', 'batch'),
    ).toMatchObject({ code: 0 });
    await new Promise(r => setTimeout(r, 300));
    const left = (await json('podgroups.scheduling.volcano.sh', '-n', 'batch'))
      .items as any[];
    expect(left.map(g => g.metadata.name)).toEqual([second.metadata.name]);
    expect(left[0].status.phase).toBe('Inqueue');
  });
});
