import { CsvError } from 'csv-parse';
import { IngestRowError } from '@ai-platform/plugin-cost-common';
import { IngestRefusedError } from '../database/types';
import { FocusFileError } from './decodeFocusBytes';
import { FocusHeaderError } from './FocusRowParser';
import { PayloadTooLargeError } from './PayloadTooLargeError';

/** A ratio as a percentage with at most two decimals. */
export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 10000) / 100}%`;
}

/** Why a file was refused, and the problems to report. */
export interface Refusal {
  message: string;
  problems?: IngestRowError[];
  fileLevel?: boolean;
  line?: number;
}

/** Problems with the file itself, as opposed to failures of the portal. */
export function toRefusal(error: unknown): Refusal | undefined {
  if (error instanceof IngestRefusedError) {
    return { message: error.message, fileLevel: !error.rowLevel };
  }
  if (error instanceof FocusHeaderError) {
    return {
      message: `the header is not a FOCUS header: ${error.message}`,
      problems: error.problems,
    };
  }
  if (
    error instanceof FocusFileError ||
    error instanceof PayloadTooLargeError
  ) {
    return { message: error.message, fileLevel: true };
  }
  // Every csv-parse error is the file's fault, whatever its code (most start
  // with CSV_, but not INVALID_OPENING_QUOTE).
  const code = (error as { code?: unknown })?.code;
  if (
    error instanceof CsvError ||
    (typeof code === 'string' && code.startsWith('CSV_'))
  ) {
    const lines = (error as { lines?: number }).lines;
    const message = `the file is not valid CSV${
      lines ? ` (line ${lines})` : ''
    }: ${
      code === 'CSV_MAX_RECORD_SIZE'
        ? 'a record is larger than the allowed cost.ingest.maxRecordBytes'
        : (error as Error).message
    }`;
    return { message, fileLevel: true, line: lines };
  }
  return undefined;
}
