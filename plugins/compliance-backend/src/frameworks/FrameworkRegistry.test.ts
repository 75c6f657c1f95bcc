import {
  BUILT_IN_DEFINITIONS_DIR,
  FrameworkRegistry,
  readDefinitionsDirectory,
} from './FrameworkRegistry';

const check = {
  id: 'team-check',
  title: 'Team check',
  severity: 'low',
  explanation: 'Why',
  howToFix: 'How',
  kinds: ['Component'],
  condition: { fact: 'catalog.hasDescription', operator: 'equal', value: true },
};

describe('FrameworkRegistry', () => {
  const builtIn = readDefinitionsDirectory(BUILT_IN_DEFINITIONS_DIR);

  it('loads SOC 2, HIPAA and ISO 27001 with every control backed by known checks', () => {
    const registry = FrameworkRegistry.fromSources(builtIn);
    expect(registry.frameworks().map(f => f.id)).toEqual([
      'hipaa',
      'iso27001',
      'soc2',
    ]);
    expect(registry.framework('soc2')!.controls.map(c => c.id)).toEqual(
      expect.arrayContaining(['CC6.1', 'CC6.6', 'CC7.2', 'CC8.1']),
    );
    expect(registry.framework('hipaa')!.controls.map(c => c.id)).toEqual(
      expect.arrayContaining([
        '164.308(a)(1)(ii)(B)',
        '164.312(a)(1)',
        '164.312(e)(1)',
      ]),
    );
    expect(registry.framework('iso27001')!.controls.map(c => c.id)).toEqual(
      expect.arrayContaining(['A.5.9', 'A.8.9', 'A.8.16', 'A.8.20', 'A.8.22']),
    );
    // One check serves several controls across frameworks.
    expect(registry.controlsOf('k8s-default-deny-network-policy')).toEqual([
      { frameworkId: 'hipaa', controlId: '164.312(e)(1)' },
      { frameworkId: 'iso27001', controlId: 'A.8.20' },
      { frameworkId: 'iso27001', controlId: 'A.8.22' },
      { frameworkId: 'soc2', controlId: 'CC6.6' },
    ]);
  });

  it('adds a team framework, checks and crosswalk entries from config', () => {
    const registry = FrameworkRegistry.fromSources([
      ...builtIn,
      {
        origin: 'config compliance.definitions',
        content: {
          checks: [check],
          frameworks: [
            {
              id: 'team-baseline',
              title: 'Team baseline',
              controls: [
                { id: 'TB-1', title: 'Described', checks: ['team-check'] },
              ],
            },
          ],
          crosswalk: [
            { framework: 'soc2', control: 'CC2.1', checks: ['team-check'] },
          ],
        },
      },
    ]);
    expect(registry.check('team-check')!.kinds).toEqual(['component']);
    expect(registry.check('team-check')!.weight).toBe(1);
    expect(registry.controlsOf('team-check')).toEqual([
      { frameworkId: 'soc2', controlId: 'CC2.1' },
      { frameworkId: 'team-baseline', controlId: 'TB-1' },
    ]);
  });

  it.each([
    [
      { checks: [{ ...check, severity: 'urgent' }] },
      /Invalid compliance definitions in test: checks\.0\.severity/,
    ],
    [
      {
        checks: [
          {
            ...check,
            // A fact must be <retriever>.<name>; which retrievers exist is
            // checked at start-up (assertFactsHaveRetrievers.test.ts).
            condition: { fact: 'secrets password', operator: 'exists' },
          },
        ],
      },
      /checks\.0\.condition/,
    ],
    [
      {
        checks: [
          {
            ...check,
            condition: {
              fact: 'catalog.lifecycle',
              operator: 'in',
              value: 'x',
            },
          },
        ],
      },
      /checks\.0\.condition/,
    ],
    [
      {
        id: 'x',
        title: 'X',
        controls: [{ id: 'X-1', title: 'one', checks: ['no-such-check'] }],
      },
      /control 'X-1' names unknown check 'no-such-check'/,
    ],
    [
      {
        crosswalk: [
          { framework: 'soc2', control: 'CC99', checks: ['catalog-on-call'] },
        ],
      },
      /crosswalk\.0\.control 'CC99' is not a control of soc2/,
    ],
    [
      { checks: [{ ...check, id: 'catalog-on-call' }] },
      /'catalog-on-call' in test is already defined in/,
    ],
  ])(
    'rejects bad definitions with the source and field named (%#)',
    (content, message) => {
      expect(() =>
        FrameworkRegistry.fromSources([
          ...builtIn,
          { origin: 'test', content },
        ]),
      ).toThrow(message);
    },
  );
});
