import { stat, readFile } from 'node:fs/promises';
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
}

/** Largest model card read, in bytes. */
const MAX_BYTES = 1024 * 1024;

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
      try {
        const response = await this.options.urlReader.readUrl(target.url, {
          etag: options?.etag,
        });
        const buffer = await response.buffer();
        if (buffer.length > MAX_BYTES) {
          throw new InputError(
            `model card ${target.url} is larger than ${MAX_BYTES} bytes`,
          );
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
    if (info.size > MAX_BYTES) {
      throw new InputError(
        `model card ${path} is larger than ${MAX_BYTES} bytes`,
      );
    }
    const etag = `${info.mtimeMs}-${info.size}`;
    if (options?.etag === etag) return undefined;
    return { text: await readFile(path, 'utf8'), etag, target };
  }
}
