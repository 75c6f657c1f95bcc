import { slowInputs } from '@ai-platform/test-utils-common';
import { csvCell } from '@ai-platform/plugin-ai-platform-node';
import { FOCUS_FILE } from './ingest/FolderScanner';
import { CURRENCY, DECIMAL, parseDateTime } from './ingest/FocusRowParser';
import { SAFE_NAME, normalizeEntityRef } from './ingest/LineItemAllocator';
import { parseRateCard } from './config/rateCard';

describe('cost validators over billing and config input', () => {
  it.each([
    ['FOCUS decimals', (s: string) => DECIMAL.test(s)],
    ['FOCUS date-times', (s: string) => parseDateTime(s)],
    ['currency codes', (s: string) => CURRENCY.test(s)],
    ['entity ref parts in tags', (s: string) => SAFE_NAME.test(s)],
    ['entity refs in tags', (s: string) => normalizeEntityRef(s, 'component')],
    ['billing file names', (s: string) => FOCUS_FILE.test(s)],
    ['CSV cells', (s: string) => csvCell(s)],
    [
      'rate cards',
      (s: string) =>
        parseRateCard(
          {
            currency: s,
            rates: [
              { cluster: s, gpuClass: s, hourlyRate: 1, effectiveFrom: s },
            ],
          },
          'test',
        ),
    ],
  ])('%s take under 50 ms on 10,000 hostile characters', (_name, validate) => {
    expect(slowInputs(validate)).toEqual([]);
  });
});
