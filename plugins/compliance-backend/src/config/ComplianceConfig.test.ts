import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { FrameworkRegistry } from '../frameworks/FrameworkRegistry';
import { readComplianceConfig } from './ComplianceConfig';

describe('readComplianceConfig', () => {
  const directories: string[] = [];
  afterAll(() =>
    directories.forEach(d => rmSync(d, { recursive: true, force: true })),
  );

  it('applies the defaults without a compliance section', () => {
    const config = readComplianceConfig(new ConfigReader({}));
    expect(config).toEqual(
      expect.objectContaining({
        approvers: [],
        levels: [
          { name: 'Gold', minScore: 95 },
          { name: 'Silver', minScore: 80 },
          { name: 'Bronze', minScore: 60 },
        ],
        fullFrequency: { hours: 6 },
        incrementalFrequency: { minutes: 5 },
        historyRetentionDays: 365,
        allowedRegistries: [],
        grantsEnabled: true,
      }),
    );
    expect(
      FrameworkRegistry.fromSources(config.definitionSources).frameworks(),
    ).toHaveLength(3);
  });

  it('reads team frameworks from a directory and inline config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compliance-defs-'));
    directories.push(dir);
    writeFileSync(
      join(dir, 'team.yaml'),
      [
        'id: team-baseline',
        'title: Team baseline',
        'controls:',
        '  - { id: TB-1, title: Owned, checks: [catalog-owner-is-group, team-check] }',
      ].join('\n'),
    );
    const config = readComplianceConfig(
      new ConfigReader({
        compliance: {
          schedule: { full: '1h', incremental: { minutes: 1 } },
          definitions: {
            directories: [dir],
            checks: [
              {
                id: 'team-check',
                title: 'Team check',
                severity: 'low',
                explanation: 'Why',
                howToFix: 'How',
                kinds: ['component'],
                condition: {
                  fact: 'catalog.hasOnCall',
                  operator: 'equal',
                  value: true,
                },
              },
            ],
          },
        },
      }),
    );
    expect(config.fullFrequency).toEqual({ hours: 1 });
    const registry = FrameworkRegistry.fromSources(config.definitionSources);
    expect(registry.framework('team-baseline')!.controls[0].checks).toEqual([
      'catalog-owner-is-group',
      'team-check',
    ]);
  });

  it.each([
    [
      { levels: [{ name: 'Gold', minScore: 120 }] },
      /compliance\.levels\[0\]\.minScore/,
    ],
    [{ history: { retentionDays: 0 } }, /compliance\.history\.retentionDays/],
    [
      { definitions: { directories: ['/nonexistent/dir'] } },
      /\/nonexistent\/dir does not exist/,
    ],
  ])('rejects bad config with the key named (%j)', (compliance, message) => {
    expect(() =>
      readComplianceConfig(new ConfigReader({ compliance })),
    ).toThrow(message);
  });
});
