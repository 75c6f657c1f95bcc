import { Readable } from 'node:stream';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { CostGroup } from '@ai-platform/plugin-cost-common';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { parse } from 'csv-parse/sync';
import { CostOrganisation } from '../catalog/CostOrganisation';
import { readCostConfig } from '../config/CostConfig';
import { openCostStores } from '../database/openCostStores';
import { createCostServices } from '../service/createCostServices';
import { FocusIngester } from './FocusIngester';
import { LineItemAllocator } from './LineItemAllocator';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const ROWS = 20_000;
const TEAMS = 7;
const MONTHS = ['2024-07', '2024-08', '2024-09'];
const ORG = 'group:default/org';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/**
 * Amounts doubles cannot hold: up to 100,000 with 2 to 11 decimals (as AWS
 * and Azure write them), some negative (credits), so float sums drift and
 * digits past the ninth decimal are rounded.
 */
function generateCsv(rows: number): string {
  const rand = random(17);
  const lines = [];
  for (let i = 0; i < rows; i++) {
    const month = MONTHS[i % MONTHS.length];
    const next =
      month === '2024-09' ? '2024-10' : `2024-0${Number(month.slice(5)) + 1}`;
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
    const decimals = 2 + Math.floor(rand() * 10);
    const whole = Math.floor(rand() * 100_000);
    const fraction = String(Math.floor(rand() * 10 ** decimals)).padStart(
      decimals,
      '0',
    );
    const sign = rand() < 0.1 ? '-' : '';
    const team = i % TEAMS;
    lines.push(
      focusTestRow({
        BilledCost: `${sign}${whole}.${fraction}`,
        EffectiveCost: `${whole}.${fraction.slice(0, 2)}`,
        BillingPeriodStart: `${month}-01T00:00:00Z`,
        BillingPeriodEnd: `${next}-01T00:00:00Z`,
        ChargePeriodStart: `${month}-${day}T00:00:00Z`,
        ChargePeriodEnd: `${month}-${day}T01:00:00Z`,
        ServiceName: `service-${Math.floor(rand() * 6)}`,
        SubAccountId: `sub-${Math.floor(rand() * 5)}`,
        Tags: JSON.stringify({ 'ai-platform.io/team': `team-${team}` }),
      }),
    );
  }
  return focusCsv(lines);
}

/** A decimal of up to 11 decimals as an exact integer of 10⁻¹¹, from its text alone. */
function exact(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const value =
    BigInt(whole || '0') * 10n ** 11n + BigInt(fraction.padEnd(11, '0'));
  return negative ? -value : value;
}

/** `value` divided by `divisor`, rounded half away from zero. */
function divideRounded(value: bigint, divisor: bigint): bigint {
  const magnitude = ((value < 0n ? -value : value) + divisor / 2n) / divisor;
  return value < 0n ? -magnitude : magnitude;
}

/** Exact sums of BilledCost by (column value, month), from the raw file. */
function rawSums(csv: string, column: string): Map<string, bigint> {
  const rows: Record<string, string>[] = parse(csv, { columns: true });
  const sums = new Map<string, bigint>();
  for (const row of rows) {
    const value =
      column === 'team'
        ? `group:default/${JSON.parse(row.Tags)['ai-platform.io/team']}`
        : row[column];
    const key = `${value}|${row.ChargePeriodStart.slice(0, 7)}`;
    sums.set(key, (sums.get(key) ?? 0n) + exact(row.BilledCost));
  }
  return sums;
}

/**
 * The total an answer reports: every BilledCost rounded to nano-units (the
 * stored unit), summed, rounded to micro-units (the answers' six decimals).
 */
function answeredTotal(csv: string): number {
  const rows: Record<string, string>[] = parse(csv, { columns: true });
  let nanos = 0n;
  for (const row of rows) nanos += divideRounded(exact(row.BilledCost), 100n);
  const micros = divideRounded(nanos, 1000n);
  const abs = micros < 0n ? -micros : micros;
  return Number(
    `${micros < 0n ? '-' : ''}${abs / 1_000_000n}.${String(
      abs % 1_000_000n,
    ).padStart(6, '0')}`,
  );
}

/** org → team-0 … team-6. */
function organisation(): CostOrganisation {
  const groups = new Map<string, CostGroup>();
  const teams = Array.from(
    { length: TEAMS },
    (_, t) => `group:default/team-${t}`,
  );
  groups.set(ORG, {
    ref: ORG,
    title: 'Org',
    type: 'organization',
    parentRef: null,
    childRefs: teams,
  });
  for (const ref of teams) {
    groups.set(ref, {
      ref,
      title: ref,
      type: 'team',
      parentRef: ORG,
      childRefs: [],
    });
  }
  return {
    groups: async () => groups,
    descendants: async ref => (ref === ORG ? [ORG, ...teams] : [ref]),
    ancestors: async ref => (ref === ORG ? [] : [ORG]),
    owners: async () => new Map(),
  };
}

/** Half a cent, in 10⁻¹¹. */
const HALF_CENT = 500_000_000n;

describe.each(databases.eachSupportedId())('exact money on %p', databaseId => {
  it(`sums ${ROWS} generated line items to the cent per sub-account, service, team and month`, async () => {
    const knex = await databases.init(databaseId);
    const stores = await openCostStores({
      database: mockServices.database({ knex }),
    });
    const config = readCostConfig(mockServices.rootConfig({ data: {} }));
    const ingester = FocusIngester.create({
      stores,
      logger: mockServices.logger.mock(),
      allocator: async () =>
        LineItemAllocator.create({
          allocation: config.allocation,
          owners: new Map(),
        }),
      maxErrorRatio: 0,
      maxRecordBytes: 64 * 1024,
    });
    const csv = generateCsv(ROWS);
    const run = await ingester.ingest({
      source: 'upload',
      fileName: 'generated.csv',
      stream: Readable.from([Buffer.from(csv)]),
    });
    expect(run.errors).toEqual([]);
    expect(run.rowsIngested).toBe(ROWS);

    const services = createCostServices({
      stores,
      organisation: organisation(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      currency: 'USD',
    });
    const ctx = { credentials: mockCredentials.user() };
    for (const [column, splitBy] of [
      ['SubAccountId', 'subAccount'],
      ['ServiceName', 'service'],
      ['team', 'childTeam'],
    ] as const) {
      const expected = rawSums(csv, column);
      const report = await services.reports.costs(
        {
          entityRef: ORG,
          from: '2024-07-01',
          to: '2024-09-30',
          granularity: 'month',
          splitBy,
          metric: 'billed',
        },
        ctx,
      );
      const actual = new Map<string, number>();
      for (const series of report.series) {
        for (const point of series.points) {
          actual.set(`${series.key}|${point.date.slice(0, 7)}`, point.amount);
        }
      }
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, sum] of expected) {
        // The answer's number, read back as the decimal it prints as.
        const off = exact(String(actual.get(key))) - sum;
        expect({
          key,
          withinHalfACent: off < HALF_CENT && off > -HALF_CENT,
        }).toEqual({
          key,
          withinHalfACent: true,
        });
      }
      // Within half a cent of the file's exact total, and exactly the
      // decimal of the stored nano-units (each amount rounded half away
      // from zero), never a float's drift like 259171.520000001.
      const exactTotal = [...expected.values()].reduce((s, v) => s + v, 0n);
      const off = exact(String(report.total)) - exactTotal;
      expect(off < HALF_CENT && off > -HALF_CENT).toBe(true);
      expect(report.total).toBe(answeredTotal(csv));
      expect(String(report.total)).toMatch(/^-?\d+(\.\d{1,6})?$/);
    }
  });
});
