import { slowInputs } from '@ai-platform/test-utils-common';
import {
  evidenceQuerySchema,
  historyQuerySchema,
  waiverInputSchema,
} from './requestSchemas';

describe('compliance request validators', () => {
  it.each([
    [
      'waiver body',
      waiverInputSchema,
      ['entityRef', 'checkId', 'justification', 'expiresAt'],
    ],
    [
      'evidence query',
      evidenceQuerySchema,
      ['control', 'team', 'entityRef', 'format'],
    ],
    ['history query', historyQuerySchema, ['subjectRef', 'days']],
  ] as const)(
    'the %s schema checks 10,000-character hostile strings in under 50 ms',
    (_name, schema, fields) => {
      for (const field of fields) {
        expect(
          slowInputs(input => schema.safeParse({ [field]: input })),
        ).toEqual([]);
      }
    },
  );
});
