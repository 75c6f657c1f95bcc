import { kubernetesFocusCsv } from './kubernetesFocusCsv';

describe('kubernetesFocusCsv', () => {
  it('neutralises formula cells from hostile cluster, class and team names, and keeps numbers', () => {
    const csv = kubernetesFocusCsv([
      {
        day: '2025-06-08',
        cluster: '=HYPERLINK("http://x")',
        entityRef: 'component:default/@sum(1)',
        team: "+cmd|' /C calc'!A0",
        gpuClass: '@SUM(1)',
        grantId: '-1+1',
        gpuHoursAllocated: 2,
        gpuHoursUsed: 1,
        hourlyRate: -4.5,
        allocatedCost: -9,
        usedCost: -4.5,
        currency: 'USD',
      },
    ]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header.startsWith('BilledCost,EffectiveCost')).toBe(true);
    // Negative numbers stay numbers.
    expect(row.startsWith('-9,-9,-9,-9,')).toBe(true);
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(row).toContain(
      `,"'@SUM(1) GPU-hours granted on =HYPERLINK(""http://x"")",`,
    );
    expect(row).toContain(",'-1+1,'-1+1,GPU grant,'@SUM(1),");
    // The tags cell is JSON (starts with `{`), so it needs no prefix.
    expect(row).toContain('"{""ai-platform.io/team"":""+cmd|');
    expect(row).not.toMatch(/,[=+@]/);
  });
});
