import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { IngestRun } from '@ai-platform/plugin-cost-common';
import { IngestRunStore } from '../database/types';
import { FocusIngester } from './FocusIngester';

/** Names of billing files a folder scan reads. */
export const FOCUS_FILE = /\.(csv|csv\.gz|gz)$/i;

/**
 * Ingests new or changed FOCUS files (`.csv`, `.csv.gz`) from the configured
 * folders, oldest first. A file is known by its path, size and modification
 * time; one that was ingested or refused is not read again until it changes,
 * and one another replica is reading is left to it.
 */
export class FolderScanner {
  static create(options: {
    folders: string[];
    ingester: FocusIngester;
    runs: IngestRunStore;
    logger: LoggerService;
  }): FolderScanner {
    return new FolderScanner(options);
  }

  private constructor(
    private readonly options: {
      folders: string[];
      ingester: FocusIngester;
      runs: IngestRunStore;
      logger: LoggerService;
    },
  ) {}

  async scan(): Promise<IngestRun[]> {
    const runs: IngestRun[] = [];
    // Files whose runs died with their process are read again below.
    await this.options.ingester.failStaleRuns();
    for (const folder of this.options.folders) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (error) {
        this.options.logger.warn('Cannot read billing folder', {
          folder,
          error: String(error),
        });
        continue;
      }
      const files = [];
      for (const name of names.filter(n => FOCUS_FILE.test(n)).sort()) {
        const path = join(folder, name);
        const info = await stat(path);
        if (!info.isFile()) continue;
        files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
      }
      files.sort(
        (a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path),
      );
      for (const file of files) {
        const fileKey = `${file.path}:${file.size}:${Math.trunc(file.mtimeMs)}`;
        if (await this.options.runs.hasFileKey(fileKey)) continue;
        const run = await this.options.ingester.ingestScanned({
          source: 'folder',
          fileName: basename(file.path),
          stream: createReadStream(file.path),
          path: file.path,
          totalBytes: file.size,
          fileKey,
        });
        if (run) runs.push(run);
      }
    }
    return runs;
  }
}
