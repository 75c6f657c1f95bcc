import { EvidenceRecord } from '@ai-platform/plugin-compliance-common';
import { evidenceFromCsv, evidenceToCsv, parseCsv } from './evidenceCsv';

const record = (overrides: Partial<EvidenceRecord>): EvidenceRecord => ({
  frameworkId: 'soc2',
  controlId: 'CC6.6',
  checkId: 'k8s-default-deny-network-policy',
  entityRef: 'component:default/assistant-api',
  owner: 'group:default/conversational-ai',
  status: 'fail',
  evaluatedAt: '2026-11-20T06:00:00.000Z',
  facts: { 'k8s.defaultDeny': false },
  collectedAt: { 'k8s.defaultDeny': '2026-11-20T06:00:00.000Z' },
  ...overrides,
});

describe('evidenceToCsv', () => {
  const hostile = [
    record({ controlId: '=HYPERLINK("http://evil.example","x")' }),
    record({ checkId: "+cmd|' /C calc'!A0" }),
    record({ owner: '@SUM(1)' }),
    record({ waiverId: '-1+1' }),
    record({ controlId: '\tTAB' }),
  ];

  it('neutralises cells that spreadsheets would run as formulas', () => {
    const rows = parseCsv(evidenceToCsv(hostile)).slice(1);
    const cells = rows.flat();
    expect(cells).toEqual(
      expect.arrayContaining([
        `'=HYPERLINK("http://evil.example","x")`,
        "'+cmd|' /C calc'!A0",
        "'@SUM(1)",
        "'-1+1",
        "'\tTAB",
      ]),
    );
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('reads its own export back to the same records', () => {
    expect(evidenceFromCsv(evidenceToCsv(hostile))).toEqual(hostile);
  });
});
