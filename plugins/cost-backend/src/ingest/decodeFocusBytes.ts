import { Readable, Transform, TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** A problem with the bytes of a file rather than with one row. */
export class FocusFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FocusFileError';
  }
}

/**
 * Counts the bytes flowing through, for progress as a share of the file size.
 */
class ByteCounter extends Transform {
  constructor(private readonly onBytes: (n: number) => void) {
    super();
  }
  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.onBytes(chunk.length);
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

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
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
    inner.once('end', () => done());
    inner.once('error', err => done(gzipError(err)));
    inner.end();
  }

  private setup(first: Buffer) {
    if (first[0] === 0x1f && first[1] === 0x8b) {
      const gunzip = createGunzip();
      gunzip.on('data', (data: Buffer) => this.push(data));
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
        done(gzipError(err));
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

/**
 * Turns the raw bytes of an uploaded or scanned file into a stream of text
 * chunks: counts the bytes read, inflates gzip, decodes strictly.
 */
export function decodeFocusBytes(
  source: Readable,
  onBytes: (n: number) => void,
): Readable {
  const counter = new ByteCounter(onBytes);
  const gunzip = new MaybeGunzip();
  const decoder = new StrictTextDecoder();
  const forward = (err: Error) => decoder.destroy(err);
  source.on('error', forward);
  counter.on('error', forward);
  gunzip.on('error', forward);
  return source.pipe(counter).pipe(gunzip).pipe(decoder);
}
