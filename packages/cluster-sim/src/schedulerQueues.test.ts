import { mkdtempSync, writeFileSync } from 'node:fs';
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
  afterAll(() => sim?.stop());

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
});
