import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('prometheus/gpu-metrics.rules.yml', () => {
  it('passes promtool check rules', () => {
    const run = spawnSync(
      'promtool',
      [
        'check',
        'rules',
        join(__dirname, '..', 'prometheus', 'gpu-metrics.rules.yml'),
      ],
      { encoding: 'utf8' },
    );
    expect(run.error).toBeUndefined();
    expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS: 6 rules found');
    expect(run.status).toBe(0);
  });
});
