import { Readable, Transform, TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { PayloadTooLargeError } from './PayloadTooLargeError';

/** A problem with the bytes of a file rather than with one row. */
export class FocusFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FocusFileError';
  }
}

/** Limits on the bytes of one file. */
export interface FocusByteLimits {
  /** Most raw (possibly compressed) bytes read; more refuses the file. */
  maxBytes?: number;
  /** Most inflated bytes per compressed byte of a gzip file; more refuses it. */
  maxGzipRatio?: number;
  /** The file's size when known before reading (file size, Content-Length). */
  totalBytes?: number | null;
}

/**
 * Counts the bytes flowing through, for progress as a share of the file
 * size, and refuses the file as soon as it passes `maxBytes`.
 */
class ByteCounter extends Transform {
  count = 0;
  constructor(
    private readonly onBytes: (n: number) => void,
    private readonly maxBytes: number,
  ) {
    super();
  }
  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.count += chunk.length;
    this.onBytes(chunk.length);
    if (this.count > this.maxBytes) {
      done(
        new PayloadTooLargeError(
          `the file is larger than the allowed ${this.maxBytes} bytes (cost.ingest.maxUploadBytes)`,
          'cost.ingest.maxUploadBytes',
        ),
      );
      return;
    }
    done(null, chunk);
  }
}

/**
 * Decodes text strictly: a UTF-8 (optionally with BOM) or, when the file
 * starts with a UTF-16 BOM, UTF-16 file; anything that is not valid text in
 * that encoding is an error naming the byte offset, never replaced silently.
 */
class StrictTextDecoder extends Transform {
  private decoder?: TextDecoder;
  private head = Buffer.alloc(0);
  private offset = 0;

  constructor() {
    super({ readableObjectMode: true });
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    let bytes = chunk;
    if (!this.decoder) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 3) {
        done();
        return;
      }
      bytes = this.start(this.head);
    }
    this.decode(bytes, true, done);
  }

  _flush(done: TransformCallback) {
    if (!this.decoder) {
      if (this.head.length === 0) {
        done();
        return;
      }
      const bytes = this.start(this.head);
      this.decode(bytes, false, done);
      return;
    }
    this.decode(Buffer.alloc(0), false, done);
  }

  private start(head: Buffer): Buffer {
    let encoding = 'utf-8';
    let skip = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      skip = 3;
    } else if (head[0] === 0xff && head[1] === 0xfe) {
      encoding = 'utf-16le';
      skip = 2;
    } else if (head[0] === 0xfe && head[1] === 0xff) {
      encoding = 'utf-16be';
      skip = 2;
    }
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    this.offset = skip;
    return head.subarray(skip);
  }

  private decode(bytes: Buffer, stream: boolean, done: TransformCallback) {
    try {
      const text = this.decoder!.decode(bytes, { stream });
      this.offset += bytes.length;
      if (text.includes('\u0000')) {
        done(
          new FocusFileError(
            'the file contains NUL characters: it is binary or in an encoding other than UTF-8 or UTF-16 with a byte order mark',
          ),
        );
        return;
      }
      done(null, text);
    } catch {
      done(
        new FocusFileError(
          `the file is not valid ${this.decoder!.encoding.toUpperCase()} text (invalid byte sequence within bytes ${
            this.offset
          }–${
            this.offset + bytes.length
          } of the uncompressed data); export it as UTF-8`,
        ),
      );
    }
  }
}

/** Marks a stream that is not gzip and passes through unchanged. */
const PASS = new Transform();

/**
 * Detects gzip by its magic bytes and inflates it, so `.csv`, `.csv.gz` and
 * misnamed files all work.
 */
class MaybeGunzip extends Transform {
  private inner?: Transform;
  private head = Buffer.alloc(0);
  private compressed = 0;
  private inflated = 0;
  private refused?: PayloadTooLargeError;

  /**
   * @param maxRatio - most inflated bytes per compressed byte
   * @param totalBytes - the compressed size when known up front; otherwise
   *   the bytes received so far bound the inflated size
   */
  constructor(
    private readonly maxRatio: number,
    private readonly totalBytes: number | null,
  ) {
    super();
  }

  /** The inflated bytes allowed now: the ratio times the compressed size. */
  private allowed(final: boolean): number {
    const compressed =
      !final && this.totalBytes
        ? Math.max(this.totalBytes, this.compressed)
        : this.compressed;
    return this.maxRatio * compressed;
  }

  private ratioError(): PayloadTooLargeError {
    return new PayloadTooLargeError(
      `the gzip data inflates to more than ${this.maxRatio} times its compressed size (cost.ingest.maxGzipRatio): refused as a possible gzip bomb`,
      'cost.ingest.maxGzipRatio',
    );
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.compressed += chunk.length;
    if (!this.inner && this.head.length + chunk.length < 2) {
      this.head = Buffer.concat([this.head, chunk]);
      done();
      return;
    }
    if (!this.inner) {
      const all = Buffer.concat([this.head, chunk]);
      this.head = Buffer.alloc(0);
      this.setup(all);
      this.write2(all, done);
      return;
    }
    this.write2(chunk, done);
  }

  _flush(done: TransformCallback) {
    if (!this.inner) {
      if (this.head.length) this.push(this.head);
      done();
      return;
    }
    if (this.inner === PASS) {
      done();
      return;
    }
    const inner = this.inner;
    inner.once('end', () => {
      if (this.refused) return;
      // The whole compressed size is known now.
      done(this.inflated > this.allowed(true) ? this.ratioError() : undefined);
    });
    inner.once('error', err => done(this.refused ?? gzipError(err)));
    inner.end();
  }

  private setup(first: Buffer) {
    if (first[0] === 0x1f && first[1] === 0x8b) {
      const gunzip = createGunzip();
      gunzip.on('data', (data: Buffer) => {
        if (this.refused) return;
        this.inflated += data.length;
        if (this.inflated > this.allowed(false)) {
          // Stop the inflater at once: no more output is produced.
          this.refused = this.ratioError();
          gunzip.destroy(this.refused);
          return;
        }
        this.push(data);
      });
      this.inner = gunzip;
    } else {
      this.inner = PASS;
    }
  }

  private write2(chunk: Buffer, done: TransformCallback) {
    if (this.inner === PASS) {
      done(null, chunk);
      return;
    }
    const inner = this.inner!;
    let called = false;
    const onError = (err: Error) => {
      if (!called) {
        called = true;
        done(this.refused ?? gzipError(err));
      }
    };
    inner.once('error', onError);
    inner.write(chunk, () => {
      inner.off('error', onError);
      if (!called) {
        called = true;
        done();
      }
    });
  }
}

function gzipError(err: Error): FocusFileError {
  const message = /unexpected end of file/i.test(err.message)
    ? 'the gzip data is truncated (unexpected end of file)'
    : `the gzip data is corrupt: ${err.message}`;
  return new FocusFileError(message);
}

/** Default of `cost.ingest.maxGzipRatio`. */
export const DEFAULT_MAX_GZIP_RATIO = 100;

/**
 * Turns the raw bytes of an uploaded or scanned file into a stream of text
 * chunks: counts the bytes read, inflates gzip, decodes strictly. Passing a
 * limit fails the stream with a {@link PayloadTooLargeError} as soon as the
 * bytes read or inflated go past it, so a file is never read or inflated
 * whole before it is refused.
 */
export function decodeFocusBytes(
  source: Readable,
  onBytes: (n: number) => void,
  limits: FocusByteLimits = {},
): Readable {
  const counter = new ByteCounter(onBytes, limits.maxBytes ?? Infinity);
  const gunzip = new MaybeGunzip(
    limits.maxGzipRatio ?? DEFAULT_MAX_GZIP_RATIO,
    limits.totalBytes ?? null,
  );
  const decoder = new StrictTextDecoder();
  const forward = (err: Error) => decoder.destroy(err);
  source.on('error', forward);
  counter.on('error', forward);
  gunzip.on('error', forward);
  return source.pipe(counter).pipe(gunzip).pipe(decoder);
}
