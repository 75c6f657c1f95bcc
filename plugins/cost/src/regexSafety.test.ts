import { slowInputs } from '@ai-platform/test-utils-common';
import { ENTITY_REF } from './components/CostExplorerPage/SubjectPicker';
import { parseIntervals } from './costInsights/intervals';
import { csvFileName } from './utils/download';

describe('cost frontend validators over typed and API input', () => {
  it.each([
    ['entity refs typed into the picker', (s: string) => ENTITY_REF.test(s)],
    ['Cost Insights intervals', (s: string) => parseIntervals(s)],
    ['CSV file names', (s: string) => csvFileName(s, s, s)],
  ])('%s take under 50 ms on 10,000 hostile characters', (_name, validate) => {
    expect(slowInputs(validate)).toEqual([]);
  });
});
