import { ModelCardReader } from './modelCards/ModelCardReader';
import { parseModelCard } from './modelCards/parseModelCard';
import {
  LOOKS_LIKE_REF,
  TAG,
  baseModelRef,
  buildModelEntity,
} from './providers/buildModelEntity';
import { toEntityName } from './providers/entityName';
import { publicError } from './providers/ModelSourceEntityProvider';
import { MODEL_NAME } from './router/createModelCardRouter';

/**
 * Strings of 10,000 characters built to make a backtracking regex blow up:
 * long runs of characters that classes and quantifiers overlap on, after
 * prefixes that get past the anchors, before a suffix that makes it fail.
 */
function attackStrings(): string[] {
  const pumps = [
    'a',
    '-',
    'a-',
    '-a',
    'a.',
    '.',
    '1',
    '1.',
    'a:',
    ':',
    '/',
    'a/',
    '_',
    ' ',
    '\\t',
    '#',
    '=',
    'e1',
    '+',
    'ab',
    '\\\\',
    'a b',
    '0-',
  ];
  const prefixes = [
    '',
    'group:default/',
    'component:',
    'P',
    '---\\n',
    'https://',
    'a',
    '1',
  ];
  const suffixes = ['', '!', '/', ':', '\\n', '\\u0000', '-', 'Z'];
  const out: string[] = [];
  for (const pump of pumps)
    for (const prefix of prefixes)
      for (const suffix of suffixes) {
        const body = pump.repeat(Math.ceil(10_000 / pump.length));
        out.push((prefix + body).slice(0, 10_000 - suffix.length) + suffix);
      }
  return out;
}

const ATTACKS = attackStrings();

/**
 * The attack strings `validate` takes 50 ms or more on (none, when linear).
 * Each input is timed as the best of three runs, so a garbage collection or
 * another test worker does not count: backtracking is slow every time.
 */
function slowInputs(
  validate: (input: string) => unknown,
): Array<{ input: string; ms: number }> {
  const slow: Array<{ input: string; ms: number }> = [];
  for (const input of ATTACKS) {
    let best = Infinity;
    for (let run = 0; run < 3 && best >= 50; run++) {
      const started = performance.now();
      try {
        validate(input);
      } catch {
        // Refusing is fine; taking long is not.
      }
      best = Math.min(best, performance.now() - started);
    }
    if (best >= 50) slow.push({ input: input.slice(0, 40), ms: best });
  }
  return slow;
}
const reader = ModelCardReader.create({
  urlReader: {
    readUrl: async () => {
      throw new Error('unused');
    },
    readTree: async () => {
      throw new Error('unused');
    },
    search: async () => {
      throw new Error('unused');
    },
  },
  localDirectories: [],
});

describe('model catalog validators over registry and catalog input', () => {
  it.each([
    ['entity names from registry names', (s: string) => toEntityName(s)],
    ['tags', (s: string) => TAG.test(s)],
    ['registry owners', (s: string) => LOOKS_LIKE_REF.test(s)],
    ['base model refs', (s: string) => baseModelRef(s, 'default')],
    [
      'registry models',
      (s: string) =>
        buildModelEntity(
          {
            name: s,
            properties: { tags: `${s},${s}`, owner: s, license: s },
            versions: [],
            registryOwner: s,
          },
          {
            namespace: 'default',
            defaultOwner: 'group:default/a',
            registryTitle: 'r',
          },
        ),
    ],
    ['model cards', (s: string) => parseModelCard(s)],
    [
      'model-card front matter',
      (s: string) => parseModelCard(`---\n${s}\n---\n# Card\n${s}`),
    ],
    [
      'model-card annotations',
      (s: string) =>
        reader.resolve({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: 'm',
            annotations: {
              'ai-platform.io/model-card': s,
              'backstage.io/managed-by-location':
                'url:https://example.com/a/b.yaml',
            },
          },
        }),
    ],
    ['model-card route segments', (s: string) => MODEL_NAME.test(s)],
    ['source errors', (s: string) => publicError('src', new Error(s))],
  ])('%s take under 50 ms on 10,000 hostile characters', (_name, validate) => {
    expect(slowInputs(validate)).toEqual([]);
  });
});
