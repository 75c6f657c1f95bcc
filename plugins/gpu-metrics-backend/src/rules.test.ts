import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const RULES = join(__dirname, '..', 'prometheus', 'gpu-metrics.rules.yml');

function promtool(...args: string[]) {
  const run = spawnSync('promtool', args, { encoding: 'utf8' });
  expect(run.error).toBeUndefined();
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('prometheus/gpu-metrics.rules.yml', () => {
  it('passes promtool check rules', () => {
    const run = promtool('check', 'rules', RULES);
    expect(run.output).toContain('SUCCESS: 20 rules found');
    expect(run.status).toBe(0);
  });

  it('records utilisation, GPUs held and idle GPUs, MIG instances included', () => {
    const run = promtool(
      'test',
      'rules',
      join(__dirname, '__fixtures__', 'rules.test.yml'),
    );
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('rolls up hourly so that the hours sum to every raw sample of the window', () => {
    const run = promtool(
      'test',
      'rules',
      join(__dirname, '__fixtures__', 'rollups.test.yml'),
    );
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });
});
