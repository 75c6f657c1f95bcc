import { namespaceName } from './namespaceName';
import {
  gpuRequestExtendSchema,
  gpuRequestInputSchema,
  gpuRequestRejectSchema,
} from './requestSchema';

/**
 * Strings of 10,000 characters built to make a backtracking regex blow up:
 * long runs of what a quantifier accepts, followed by what makes the match
 * fail at the very end, for every character class the validators use.
 */
const backtrackingInputs: Array<[string, string]> = [
  ['a…a!', `${'a'.repeat(9_999)}!`],
  ['-…-a', `${'-'.repeat(9_999)}a`],
  ['-…-!', `${'-'.repeat(9_999)}!`],
  ['1…1x', `${'1'.repeat(9_999)}x`],
  ['._…._!', `${'._'.repeat(4_999)}!!`],
  ['spaces then \\r', `a:${' '.repeat(9_996)}x\r`],
  ['group:a…a (no slash)', `group:${'a'.repeat(9_993)}!`],
  ['group:default/a…a!', `group:default/${'a'.repeat(9_985)}!`],
  ['component:…/…!', `component:${'a'.repeat(4_989)}/${'a'.repeat(4_999)}!`],
  ['1g.1…1gbx', `1g.${'1'.repeat(9_994)}gbx`],
  ['1…1g.1gb!', `${'1'.repeat(9_993)}g.10gb!`],
  ['a/a/…/a!', `${'a/'.repeat(4_999)}!!`],
];

/**
 * The fastest of three runs, in ms: a super-linear validator is slow every
 * time, a busy machine only sometimes.
 */
function time(fn: () => unknown): number {
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    fn();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const valid = {
  team: 'group:default/conversational-ai',
  entityRef: 'component:default/assistant-api',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  migProfile: '1g.10gb',
  count: 2,
  durationHours: 48,
  purpose: 'fine-tuning',
  dataClassification: 'confidential',
  justification: 'LoRA fine-tuning of the assistant on support transcripts',
};

describe('validators over hostile input', () => {
  it.each(backtrackingInputs)('have 10,000-character inputs (%s)', (_n, s) =>
    expect(s.length).toBe(10_000),
  );

  const validators: Array<[string, (input: string) => unknown]> = [
    ...[
      'team',
      'entityRef',
      'cluster',
      'gpuClass',
      'migProfile',
      'purpose',
      'dataClassification',
      'justification',
    ].map(
      field =>
        [
          `request field ${field}`,
          (input: string) =>
            gpuRequestInputSchema.safeParse({ ...valid, [field]: input }),
        ] as [string, (input: string) => unknown],
    ),
    [
      'reject reason',
      input => gpuRequestRejectSchema.safeParse({ reason: input }),
    ],
    [
      'extend (unknown key)',
      input => gpuRequestExtendSchema.safeParse({ [input]: 1 }),
    ],
    [
      'namespaceName (team)',
      input => namespaceName({ team: input, requestId: 'deadbeefcafe' }),
    ],
    [
      'namespaceName (entity)',
      input =>
        namespaceName({
          team: 'group:default/vision',
          entityRef: input,
          requestId: 'deadbeefcafe',
        }),
    ],
    [
      'namespaceName (id)',
      input =>
        namespaceName({ team: 'group:default/vision', requestId: input }),
    ],
  ];

  it.each(validators)('%s answers in under 50 ms', (_name, validate) => {
    for (const [label, input] of backtrackingInputs) {
      validate(input); // warm up
      const ms = time(() => validate(input));
      expect({ label, fast: ms < 50 }).toEqual({ label, fast: true });
    }
  });

  it('turns hostile names into valid, bounded namespace names', () => {
    for (const [, input] of backtrackingInputs) {
      const name = namespaceName({
        team: input,
        entityRef: input,
        requestId: 'deadbeefcafe',
      });
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(63);
    }
  });
});
