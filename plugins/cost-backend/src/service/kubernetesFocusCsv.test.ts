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
        hourlyRateNanos: -4_500_000_000n,
        allocatedCostNanos: -9_000_000_000n,
        usedCostNanos: -4_500_000_000n,
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

  it('writes costs and unit prices as exact decimals from their nano-units', () => {
    const csv = kubernetesFocusCsv([
      {
        day: '2025-06-08',
        cluster: 'gpu-prod',
        entityRef: null,
        team: 'group:default/search',
        gpuClass: 'h100',
        grantId: 'grant-1',
        gpuHoursAllocated: 3,
        gpuHoursUsed: 1,
        // 4.1 × 3 is 12.299999999999999 in doubles; in nano-units it is exact.
        hourlyRateNanos: 4_100_000_000n,
        allocatedCostNanos: 12_300_000_001n,
        usedCostNanos: 4_100_000_000n,
        currency: 'USD',
      },
    ]);
    const [header, row] = csv.trim().split('\r\n');
    const cells = row.split(',');
    const columns = header.split(',');
    const cell = (name: string) => cells[columns.indexOf(name)];
    expect(
      ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'].map(cell),
    ).toEqual(Array(4).fill('12.300000001'));
    expect(cell('ListUnitPrice')).toBe('4.1');
    expect(cell('ContractedUnitPrice')).toBe('4.1');
    expect(cell('PricingQuantity')).toBe('3');
  });
});
