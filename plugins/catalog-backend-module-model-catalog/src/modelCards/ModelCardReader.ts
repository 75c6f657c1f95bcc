import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { ANNOTATION_MODEL_CARD } from '@ai-platform/plugin-model-catalog-common';

/** Where an entity's model card is. */
export type ModelCardTarget =
  | { type: 'url'; url: string }
  | { type: 'file'; path: string };

/** A model card's text and a tag that changes when it does. */
export interface ModelCardContent {
  text: string;
  etag?: string;
  target: ModelCardTarget;
}

/** Options of {@link ModelCardReader.create}. */
export interface ModelCardReaderOptions {
  urlReader: UrlReaderService;
  /**
   * Absolute directories local model cards may be read from, for entities
   * that come from `file` catalog locations. Empty: no local cards.
   */
  localDirectories: string[];
  /** Largest model card read, in bytes; default 1 MiB. */
  maxBytes?: number;
  /** Longest a URL read may take, in milliseconds; default 30 seconds. */
  timeoutMs?: number;
}

/** Default largest model card read, in bytes. */
const MAX_BYTES = 1024 * 1024;

/** Thrown when a model card is over the size cap; reading stopped there. */
export class ModelCardTooLargeError extends InputError {
  constructor(maxBytes: number) {
    super(
      `${ANNOTATION_MODEL_CARD}: the model card is larger than ${maxBytes} bytes; reading stopped there`,
    );
  }
}

/**
 * Reads a stream up to `maxBytes`: past that it stops reading, destroys the
 * stream, calls `abort` (to close the connection) and rejects.
 */
async function readCapped(
  stream: Readable,
  maxBytes: number,
  abort?: () => void,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buffer.length;
      if (size > maxBytes) throw new ModelCardTooLargeError(maxBytes);
      chunks.push(buffer);
    }
  } catch (error) {
    stream.destroy();
    abort?.();
    throw error;
  }
  return Buffer.concat(chunks, size);
}

/**
 * Reads the model card of `ai-platform.io/model-card`.
 *
 * An absolute `http(s)` URL goes through Backstage's URL reader (so an
 * integration or `backend.reading.allow` must cover its host). A relative
 * path is resolved against the entity's location: for a `url` location it
 * becomes a URL read the same way; for a `file` location (local development
 * and the demo, where Backstage's URL reader has no file support) it becomes
 * a file that must lie inside one of `localDirectories`.
 */
export class ModelCardReader {
  private constructor(private readonly options: ModelCardReaderOptions) {}

  static create(options: ModelCardReaderOptions): ModelCardReader {
    return new ModelCardReader({
      ...options,
      localDirectories: options.localDirectories.map(d => resolve(d)),
    });
  }

  private get maxBytes(): number {
    return this.options.maxBytes ?? MAX_BYTES;
  }

  /** The card's target, or undefined when the entity has none. */
  resolve(entity: Entity): ModelCardTarget | undefined {
    const value = entity.metadata.annotations?.[ANNOTATION_MODEL_CARD]?.trim();
    if (!value) return undefined;
    if (/^https?:\/\//i.test(value)) return { type: 'url', url: value };
    if (/^file:/i.test(value)) {
      return { type: 'file', path: fileURLToPath(value) };
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
      throw new InputError(
        `${ANNOTATION_MODEL_CARD} must be an http(s) URL or a relative path, got ${value}`,
      );
    }
    const locationRef =
      entity.metadata.annotations?.[ANNOTATION_LOCATION] ??
      entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
    if (!locationRef) {
      throw new InputError(
        `${ANNOTATION_MODEL_CARD} is a relative path but the entity has no location to resolve it against`,
      );
    }
    const location = parseLocationRef(locationRef);
    if (location.type === 'url') {
      return { type: 'url', url: new URL(value, location.target).toString() };
    }
    if (location.type === 'file') {
      const base = location.target.startsWith('file:')
        ? fileURLToPath(location.target)
        : location.target;
      return { type: 'file', path: resolve(dirname(base), value) };
    }
    throw new InputError(
      `${ANNOTATION_MODEL_CARD} is a relative path but the entity's location (${location.type}) cannot resolve it`,
    );
  }

  /**
   * Reads the card; with the `etag` of an earlier read, returns undefined
   * when it has not changed.
   */
  async read(
    target: ModelCardTarget,
    options?: { etag?: string },
  ): Promise<ModelCardContent | undefined> {
    if (target.type === 'url') {
      const maxBytes = this.maxBytes;
      const controller = new AbortController();
      const signal = AbortSignal.any([
        controller.signal,
        AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      ]);
      try {
        const response = await this.options.urlReader.readUrl(target.url, {
          etag: options?.etag,
          signal,
        });
        // Streamed and counted, so a huge or endless response is cut off at
        // the cap instead of being buffered first.
        const buffer = response.stream
          ? await readCapped(response.stream(), maxBytes, () =>
              controller.abort(),
            )
          : await response.buffer();
        if (buffer.length > maxBytes) {
          throw new ModelCardTooLargeError(maxBytes);
        }
        return { text: buffer.toString('utf8'), etag: response.etag, target };
      } catch (error) {
        if ((error as Error).name === 'NotModifiedError') return undefined;
        throw error;
      }
    }
    const path = target.path;
    const allowed = this.options.localDirectories.some(dir => {
      const rel = relative(dir, path);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    });
    if (!allowed) {
      throw new NotAllowedError(
        `model card file ${path} is outside modelCatalog.modelCards.localDirectories`,
      );
    }
    const info = await stat(path);
    if (info.size > this.maxBytes) {
      throw new ModelCardTooLargeError(this.maxBytes);
    }
    const etag = `${info.mtimeMs}-${info.size}`;
    if (options?.etag === etag) return undefined;
    // Capped as well: the file may have grown since stat.
    const buffer = await readCapped(
      createReadStream(path, { end: this.maxBytes }),
      this.maxBytes,
    );
    return { text: buffer.toString('utf8'), etag, target };
  }
}
