import { Readable } from 'node:stream';
import { AuditorService, AuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  IngestRun,
  IngestScanResponse,
  IngestStatusResponse,
  costIngestPermission,
} from '@ai-platform/plugin-cost-common';
import { JsonObject } from '@backstage/types';
import { IngestRunStore } from '../database/types';
import { FocusIngester } from '../ingest/FocusIngester';
import { FolderScanner } from '../ingest/FolderScanner';
import { PayloadTooLargeError } from '../ingest/PayloadTooLargeError';
import { CostAccess } from './CostAccess';
import { CallContext, IngestService } from './types';
import { withAudit } from './withAudit';

/** What an audit record keeps of ingest runs. */
function runsMeta(result: IngestRun | IngestRun[]): JsonObject {
  const runs = Array.isArray(result) ? result : [result];
  return {
    runs: runs.map(r => ({
      id: r.id,
      fileName: r.fileName,
      status: r.status,
      rowsIngested: r.rowsIngested,
      billingPeriods: r.billingPeriods,
    })),
  };
}

/** Uploads, folder scans and ingest status, behind `cost.ingest`. */
export class BillingIngest implements IngestService {
  static create(options: {
    ingester: FocusIngester;
    scanner: FolderScanner;
    runs: IngestRunStore;
    access: CostAccess;
    auditor: AuditorService;
    auth: AuthService;
    /** `cost.ingest.maxUploadBytes`. */
    maxUploadBytes: number;
  }): BillingIngest {
    return new BillingIngest(options);
  }

  private constructor(
    private readonly options: {
      ingester: FocusIngester;
      scanner: FolderScanner;
      runs: IngestRunStore;
      access: CostAccess;
      auditor: AuditorService;
      auth: AuthService;
      maxUploadBytes: number;
    },
  ) {}

  private async require(ctx: CallContext, what: string) {
    if (!(await this.options.access.allows(costIngestPermission, ctx))) {
      throw new NotAllowedError(
        `You may not ${what}: it needs the cost.ingest permission`,
      );
    }
  }

  private audit<T extends IngestRun | IngestRun[]>(
    ctx: CallContext,
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> {
    return withAudit(
      this.options,
      { eventId, ctx, meta, successMeta: runsMeta },
      fn,
    );
  }

  /**
   * Ingests an uploaded file. An upload larger than `maxUploadBytes` (by its
   * declared length, or as soon as that many bytes have arrived) or a gzip
   * past the ratio cap rejects with a {@link PayloadTooLargeError} (413) and
   * stores nothing.
   */
  async upload(
    options: { fileName: string; stream: Readable; totalBytes: number | null },
    ctx: CallContext,
  ): Promise<IngestRun> {
    await this.require(ctx, 'upload billing files');
    const { maxUploadBytes } = this.options;
    return this.audit(
      ctx,
      'billing-upload',
      { fileName: options.fileName },
      async () => {
        if (
          options.totalBytes !== null &&
          options.totalBytes > maxUploadBytes
        ) {
          throw new PayloadTooLargeError(
            `the upload is ${options.totalBytes} bytes, more than the allowed ${maxUploadBytes} bytes (cost.ingest.maxUploadBytes)`,
            'cost.ingest.maxUploadBytes',
          );
        }
        return this.options.ingester.ingest({
          source: 'upload',
          fileName: options.fileName,
          stream: options.stream,
          totalBytes: options.totalBytes,
          maxBytes: maxUploadBytes,
        });
      },
    );
  }

  /** Scans the configured folders now. */
  async scan(ctx: CallContext): Promise<IngestScanResponse> {
    await this.require(ctx, 'scan billing folders');
    const runs = await this.audit(ctx, 'billing-scan', {}, () =>
      this.options.scanner.scan(),
    );
    return { runs };
  }

  /** Scans the configured folders for the scheduler (audited, no caller to check). */
  async scanOnSchedule(): Promise<IngestRun[]> {
    const runs = await this.options.scanner.scan();
    if (runs.length) {
      const event = await this.options.auditor.createEvent({
        eventId: 'billing-scan',
        severityLevel: 'medium',
        meta: { trigger: 'schedule' },
      });
      await event.success({ meta: runsMeta(runs) });
    }
    return runs;
  }

  /**
   * Runs in progress, then recent ones, as stored by every replica: runs of
   * this process carry their live progress, and runs whose process stopped
   * are reported (and stored) as failed.
   */
  async status(limit: number, ctx: CallContext): Promise<IngestStatusResponse> {
    await this.require(ctx, 'read ingest status');
    await this.options.ingester.failStaleRuns();
    const live = this.liveRuns();
    const stored = await this.options.runs.listRuns(limit);
    return {
      runs: stored.map(({ fileKey: _k, ...r }) => live.get(r.id) ?? r),
    };
  }

  async run(id: string, ctx: CallContext): Promise<IngestRun> {
    await this.require(ctx, 'read ingest status');
    const running = this.liveRuns().get(id);
    if (running) return running;
    await this.options.ingester.failStaleRuns();
    const stored = await this.options.runs.getRun(id);
    if (!stored) throw new NotFoundError(`No ingest run with id ${id}`);
    const { fileKey: _k, ...run } = stored;
    return run;
  }

  private liveRuns(): Map<string, IngestRun> {
    return new Map(this.options.ingester.runningRuns().map(r => [r.id, r]));
  }
}
