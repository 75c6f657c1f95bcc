import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { FocusByteLimits, decodeFocusBytes } from '../decodeFocusBytes';

/** A FOCUS file as plain UTF-8 CSV on disk, for DuckDB to read. */
export interface FocusCsvSource {
  path: string;
  /** The raw stream when it was not read (a file DuckDB reads where it lies). */
  unreadStream?: Readable;
  /** Removes what was written for the ingest. */
  cleanup(): Promise<void>;
}

/** Whether a file's first bytes are gzip or a UTF-16 byte order mark: those are decoded first. */
function needsDecoding(head: Buffer): boolean {
  return (
    (head[0] === 0x1f && head[1] === 0x8b) ||
    (head[0] === 0xff && head[1] === 0xfe) ||
    (head[0] === 0xfe && head[1] === 0xff)
  );
}

/**
 * The file as UTF-8 CSV on disk: a scanned plain file is read where it lies
 * (DuckDB refuses invalid UTF-8, and the JavaScript path then names the
 * offset); anything else (uploads, gzip, UTF-16) goes through the same
 * decoder and limits as the JavaScript path into `workFile`.
 */
export async function focusCsvSource(options: {
  path?: string;
  stream: Readable;
  workFile: string;
  limits: FocusByteLimits;
  onBytes: (n: number) => void;
}): Promise<FocusCsvSource> {
  if (options.path) {
    const handle = await open(options.path, 'r');
    try {
      const head = Buffer.alloc(2);
      await handle.read(head, 0, 2, 0);
      if (!needsDecoding(head)) {
        options.onBytes((await handle.stat()).size);
        return {
          path: options.path,
          unreadStream: options.stream,
          cleanup: async () => {},
        };
      }
    } finally {
      await handle.close();
    }
  }
  const cleanup = () => rm(options.workFile, { force: true });
  try {
    await pipeline(
      decodeFocusBytes(options.stream, options.onBytes, options.limits),
      createWriteStream(options.workFile),
    );
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { path: options.workFile, cleanup };
}

/** A stream of the CSV for the JavaScript path. */
export function csvStream(source: FocusCsvSource): Readable {
  return source.unreadStream ?? createReadStream(source.path);
}

/** Size of the CSV in bytes. */
export async function csvSize(source: FocusCsvSource): Promise<number> {
  return (await stat(source.path)).size;
}

/**
 * The header record of the CSV (its first line), or null when it cannot be
 * read simply (no line end within `maxRecordBytes`, a quoted line end):
 * then the JavaScript path reads the file.
 */
export async function readHeader(
  path: string,
  maxRecordBytes: number,
): Promise<string[] | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(maxRecordBytes + 2, 4 * 1024 * 1024));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
    if (end < 0) return null;
    const line = buffer.subarray(0, end).toString('utf8');
    const records: string[][] = parse(line, { bom: true });
    return records.length === 1 ? records[0] : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/** A work file of one run in `directory`. */
export function workFile(directory: string, runId: string, ext: string) {
  return join(directory, `${runId}.${ext}`);
}
