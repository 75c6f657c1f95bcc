import { entityName, formatGpu, formatMemory } from './format';
import { kubectlSnippets } from './kubectlSnippets';
import { createIdempotencyKey } from './createIdempotencyKey';

describe('format', () => {
  it.each([
    [81920, '80 GB'],
    [10240, '10 GB'],
    [9728, '9.5 GB'],
  ])('formats %i MiB as %s', (mib, text) => {
    expect(formatMemory(mib)).toBe(text);
  });

  it('formats names and GPUs', () => {
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
