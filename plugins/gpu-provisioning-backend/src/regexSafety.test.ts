import { entityRefKeys } from '@ai-platform/plugin-ai-platform-node';
import { inputRefKey, teamRefKey } from './catalog/refKeys';
import { isDnsSubdomain, toDnsLabel } from './kubernetes/dnsName';
import { grantNamespace } from './kubernetes/grantNamespace';
import { isLabelValue, toLabelValue } from './kubernetes/labelValue';
import { parseQuantity } from './kubernetes/parseQuantity';
import { loadOpenApiSpec } from './schema/openApiSpec';

// Every validator and name builder of the backend over user, catalog or
// cluster input, fed 10,000-character strings built to make a backtracking
// regex blow up (long runs a quantifier accepts, then a rejecting end).
const hostile: Array<[string, string]> = [
  ['a…a!', `${'a'.repeat(9_999)}!`],
  ['-…-a', `${'-'.repeat(9_999)}a`],
  ['-…-!', `${'-'.repeat(9_999)}!`],
  ['1…1x', `${'1'.repeat(9_999)}x`],
  ['1…1.1…1x', `${'1'.repeat(4_999)}.${'1'.repeat(4_999)}x`],
  ['._…._!', `${'._'.repeat(4_999)}!!`],
  ['a.a.…a-', `${'a.'.repeat(4_999)}a-`],
  ['a-a-…a.', `${'a-'.repeat(4_999)}a.`],
  ['group:default/a…a!', `group:default/${'a'.repeat(9_985)}!`],
  ['user:…:…', `user:${'a:'.repeat(4_997)}a`],
  ['component:…/…/…', `component:${'a/'.repeat(4_995)}`],
];

/**
 * Whether the fastest of three runs (after a warm-up) takes under 50 ms: a
 * super-linear validator is slow every time, a busy machine only sometimes.
 */
function isFast(fn: () => unknown): boolean {
  fn(); // warm up
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    fn();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest < 50;
}

function quietly(fn: () => unknown): () => unknown {
  return () => {
    try {
      return fn();
    } catch {
      return undefined;
    }
  };
}

/** The `pattern`s of the OpenAPI contract, which the request validator runs over every request. */
function contractPatterns(): string[] {
  const patterns: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'pattern' && typeof value === 'string') {
          patterns.push(value);
        } else walk(value);
      }
    }
  };
  walk(loadOpenApiSpec());
  return patterns;
}

describe('validators over hostile input', () => {
  it.each(hostile)('uses 10,000-character inputs (%s)', (_n, input) =>
    expect(input.length).toBe(10_000),
  );

  const validators: Array<[string, (input: string) => unknown]> = [
    ['isLabelValue', isLabelValue],
    ['toLabelValue', toLabelValue],
    ['isDnsSubdomain', isDnsSubdomain],
    ['toDnsLabel', toDnsLabel],
    ['parseQuantity', parseQuantity],
    ['inputRefKey', input => inputRefKey(input, 'entityRef')],
    ['teamRefKey', input => teamRefKey(input)],
    [
      'entityRefKeys',
      input => entityRefKeys([input], { defaultKind: 'group' }),
    ],
    [
      'grantNamespace (team, entity)',
      input =>
        grantNamespace({
          id: 'deadbeef-cafe',
          team: input,
          entityRef: input,
        } as Parameters<typeof grantNamespace>[0]),
    ],
    [
      'grantNamespace (recorded namespace)',
      input =>
        grantNamespace({
          id: 'deadbeef-cafe',
          team: 'group:default/vision',
          namespace: input,
        } as Parameters<typeof grantNamespace>[0]),
    ],
    ...contractPatterns().map(
      pattern =>
        [
          `contract pattern ${pattern}`,
          (input: string) => new RegExp(pattern).test(input),
        ] as [string, (input: string) => unknown],
    ),
  ];

  it('checks the contract’s patterns too', () => {
    expect(contractPatterns().length).toBeGreaterThan(0);
  });

  it.each(validators)('%s answers in under 50 ms', (_name, validate) => {
    for (const [label, input] of hostile) {
      expect({ label, fast: isFast(quietly(() => validate(input))) }).toEqual({
        label,
        fast: true,
      });
    }
  });

  it('builds only valid Kubernetes names and labels from hostile input', () => {
    for (const [, input] of hostile) {
      // A valid value, or none at all when nothing usable is left.
      const label = toLabelValue(input);
      expect(label === undefined || isLabelValue(label)).toBe(true);
      const dns = toDnsLabel(input);
      expect(
        dns === undefined ||
          (dns.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(dns)),
      ).toBe(true);
      const namespace = grantNamespace({
        id: 'deadbeef-cafe',
        team: input,
        entityRef: input,
      } as Parameters<typeof grantNamespace>[0]);
      expect(namespace).toMatch(/^gpu-([a-z0-9-]*[a-z0-9]-)?deadbeef$/);
      expect(namespace.length).toBeLessThanOrEqual(63);
    }
  });
});
