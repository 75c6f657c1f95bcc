import {
  entityName,
  formatCurrency,
  formatGpu,
  formatHours,
  formatMemory,
  formatTimeLeft,
} from './format';
import { kubectlSnippets } from './kubectlSnippets';
import { createIdempotencyKey } from './createIdempotencyKey';

const NOW = new Date('2025-06-02T12:00:00Z').getTime();
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

describe('format', () => {
  it.each([
    [8, '8 hours'],
    [1, '1 hour'],
    [24, '1 day'],
    [72, '3 days'],
    [30, '1 day 6 hours'],
    [168, '1 week'],
    [336, '2 weeks'],
  ])('formats %i hours as %s', (hours, text) => {
    expect(formatHours(hours)).toBe(text);
  });

  it.each([
    [at(2 * 1440 + 4 * 60 + 5), '2 d 4 h'],
    [at(3 * 60 + 12), '3 h 12 min'],
    [at(45), '45 min'],
    [at(0.2), '1 min'],
    [at(-5), 'expired'],
    [undefined, '—'],
  ])('formats time left until %s as %s', (until, text) => {
    expect(formatTimeLeft(until, NOW)).toBe(text);
  });

  it.each([
    [81920, '80 GB'],
    [10240, '10 GB'],
    [9728, '9.5 GB'],
  ])('formats %i MiB as %s', (mib, text) => {
    expect(formatMemory(mib)).toBe(text);
  });

  it('formats money, names and GPUs', () => {
    expect(formatCurrency(2150.4)).toBe('$2,150.40');
    expect(entityName('group:default/ml-platform')).toBe('ml-platform');
    expect(
      formatGpu({ gpuClass: 'a100', migProfile: '1g.10gb' }, { a100: 'A100' }),
    ).toBe('A100 · MIG 1g.10gb');
  });
});

describe('kubectlSnippets', () => {
  it.each([
    [undefined, 'nvidia.com/gpu: 1'],
    ['1g.10gb', 'nvidia.com/mig-1g.10gb: 1'],
  ])('requests the resource of MIG profile %s', (migProfile, line) => {
    const snippets = kubectlSnippets({
      cluster: 'gpu-a',
      namespace: 'gpu-ml-platform-1a2b3c4d',
      migProfile,
      count: 2,
    });
    expect(snippets.quota).toBe(
      'kubectl --context gpu-a -n gpu-ml-platform-1a2b3c4d get resourcequota',
    );
    expect(snippets.podSpec).toContain(line);
    expect(snippets.podSpec).toContain('namespace: gpu-ml-platform-1a2b3c4d');
    expect(snippets.podSpec).toContain('runAsNonRoot: true');
  });
});

describe('createIdempotencyKey', () => {
  it('makes distinct v4 UUIDs, even without crypto.randomUUID', () => {
    const randomUUID = globalThis.crypto.randomUUID;
    const keys = [createIdempotencyKey()];
    Object.defineProperty(globalThis.crypto, 'randomUUID', {
      value: undefined,
      configurable: true,
    });
    try {
      keys.push(createIdempotencyKey(), createIdempotencyKey());
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', {
        value: randomUUID,
        configurable: true,
      });
    }
    for (const key of keys) {
      expect(key).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    expect(new Set(keys).size).toBe(3);
  });
});
