import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { LINE_ITEM_FILE_NAME } from '../../database/ParquetLineItemReader';
import { IngestRunStore, LineItemFileIndex } from '../../database/types';

/** Default age below which an unreferenced file is left alone: one hour. */
export const DEFAULT_ORPHAN_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes Parquet line-item files no billing period refers to: those of an
 * ingest that crashed before its commit, or released by a replacement whose
 * process died before deleting them. Only regular files directly inside the
 * line-item folder whose name is the ingest's (`<run id>.parquet`) are
 * candidates; a file is kept while it is younger than the grace period,
 * while a billing period refers to it, and while its run is stored as
 * running (on any replica), since a running ingest writes its file before
 * its commit refers to it. The running runs are read before the references,
 * so a run that commits in between is still seen as running.
 */
export class LineItemFileCleanup {
  static create(options: {
    directory: string;
    files: LineItemFileIndex;
    runs: IngestRunStore;
    logger: LoggerService;
    graceMs?: number;
    now?: () => number;
  }): LineItemFileCleanup {
    return new LineItemFileCleanup({
      ...options,
      graceMs: options.graceMs ?? DEFAULT_ORPHAN_GRACE_MS,
      now: options.now ?? Date.now,
    });
  }

  private constructor(
    private readonly options: {
      directory: string;
      files: LineItemFileIndex;
      runs: IngestRunStore;
      logger: LoggerService;
      graceMs: number;
      now: () => number;
    },
  ) {}

  /** Removes the orphaned files; returns their names. */
  async removeOrphans(): Promise<string[]> {
    const { directory, files, runs, logger, graceMs, now } = this.options;
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const names = entries
      .filter(e => e.isFile() && LINE_ITEM_FILE_NAME.test(e.name))
      .map(e => e.name);
    if (names.length === 0) return [];
    const running = new Set(await runs.runningRunIds());
    const referenced = await files.referencedFiles();
    const cutoff = now() - graceMs;
    const orphans: string[] = [];
    for (const name of names) {
      if (
        referenced.has(name) ||
        running.has(name.slice(0, -'.parquet'.length))
      ) {
        continue;
      }
      const stat = await lstat(join(directory, name)).catch(() => undefined);
      if (stat?.isFile() && stat.mtimeMs < cutoff) orphans.push(name);
    }
    // Read once more just before deleting: nothing refers to them still.
    const stillReferenced = orphans.length
      ? await files.referencedFiles()
      : new Set();
    const removed: string[] = [];
    for (const name of orphans) {
      if (stillReferenced.has(name)) continue;
      try {
        await rm(join(directory, name));
        removed.push(name);
      } catch (error) {
        logger.warn('Could not remove an orphaned line-item file', {
          file: name,
          error: String(error),
        });
      }
    }
    if (removed.length) {
      logger.info('Removed orphaned line-item files', {
        files: removed.length,
        directory,
      });
    }
    return removed;
  }
}
