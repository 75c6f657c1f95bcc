import { slowInputs } from '@ai-platform/test-utils-common';
import {
  budgetInputSchema,
  budgetsQuerySchema,
  costQuerySchema,
  focusExportQuerySchema,
  forecastQuerySchema,
  idleWasteQuerySchema,
  ingestStatusQuerySchema,
  topSpendersQuerySchema,
  uploadQuerySchema,
} from './schemas';

const valid = {
  entityRef: 'group:default/products',
  from: '2024-09-01',
  to: '2024-09-30',
};

describe('cost request validators', () => {
  it.each([
    [
      'costs',
      costQuerySchema,
      valid,
      ['entityRef', 'from', 'to', 'granularity', 'splitBy', 'metric'],
    ],
    [
      'forecast',
      forecastQuerySchema,
      { entityRef: valid.entityRef },
      ['entityRef', 'metric'],
    ],
    [
      'top spenders',
      topSpendersQuerySchema,
      valid,
      ['entityRef', 'from', 'to', 'by', 'limit'],
    ],
    ['idle waste', idleWasteQuerySchema, valid, ['entityRef', 'from', 'to']],
    [
      'FOCUS export',
      focusExportQuerySchema,
      { from: valid.from, to: valid.to },
      ['from', 'to'],
    ],
    ['budgets', budgetsQuerySchema, {}, ['entityRef']],
    [
      'budget body',
      budgetInputSchema,
      { groupRef: valid.entityRef, amount: 1 },
      ['groupRef', 'currency'],
    ],
    ['upload', uploadQuerySchema, { fileName: 'a.csv' }, ['fileName']],
    ['ingest status', ingestStatusQuerySchema, {}, ['limit']],
  ] as const)(
    'the %s schema checks 10,000-character hostile strings in under 50 ms',
    (_name, schema, base, fields) => {
      for (const field of fields) {
        expect(
          slowInputs(input => schema.safeParse({ ...base, [field]: input })),
        ).toEqual([]);
      }
    },
  );
});
