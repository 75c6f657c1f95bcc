import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { decodeFocusBytes } from './decodeFocusBytes';

async function decode(bytes: Buffer, chunkSize: number) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    chunks.push(bytes.subarray(i, i + chunkSize));
  }
  let counted = 0;
  const out = decodeFocusBytes(Readable.from(chunks), n => {
    counted += n;
  });
  let text = '';
  for await (const part of out) text += part;
  return { text, counted };
}

const TEXT = 'BilledCost,ServiceName\n1.5,"Zürich ☁️ 東京"\n';

describe('decodeFocusBytes', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT)],
    [
      'UTF-8 with BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]),
    ],
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]),
    ],
    [
      'UTF-16BE with BOM',
      Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        Buffer.from(TEXT, 'utf16le').swap16(),
      ]),
    ],
    ['gzip', gzipSync(Buffer.from(TEXT))],
    [
      'gzip of UTF-8 with BOM',
      gzipSync(
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]),
      ),
    ],
  ])('decodes %s whatever the chunking', async (_name, bytes) => {
    for (const size of [1, 2, 3, 7, 1024]) {
      const { text, counted } = await decode(bytes, size);
      expect(text).toBe(TEXT);
      expect(counted).toBe(bytes.length);
    }
  });

  it('decodes a one-byte file', async () => {
    await expect(decode(Buffer.from('x'), 1)).resolves.toEqual({
      text: 'x',
      counted: 1,
    });
  });

  it('names the byte range of invalid UTF-8', async () => {
    await expect(
      decode(Buffer.from([0x61, 0x62, 0xff, 0x63]), 1024),
    ).rejects.toThrow(
      /not valid UTF-8 text \(invalid byte sequence within bytes 0–4/,
    );
  });
});

describe('decodeFocusBytes limits', () => {
  async function drain(out: NodeJS.ReadableStream) {
    let chars = 0;
    try {
      for await (const part of out) chars += (part as string).length;
    } catch (error) {
      return { chars, error: error as Error };
    }
    return { chars, error: undefined };
  }

  it('stops inflating a gzip bomb as soon as it passes the ratio', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 'a'));
    const { chars, error } = await drain(
      decodeFocusBytes(Readable.from([bomb]), () => {}, { maxGzipRatio: 10 }),
    );
    expect(error).toMatchObject({
      name: 'PayloadTooLargeError',
      statusCode: 413,
      message: expect.stringContaining('cost.ingest.maxGzipRatio'),
    });
    // Stopped within one inflater chunk of 10 × the compressed size.
    expect(chars).toBeLessThanOrEqual(10 * bomb.length + 64 * 1024);
  });

  it('passes a gzip within the ratio, and plain text whatever its size', async () => {
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `${(i * 7919) % 10007}.${i % 97},EC2 ${(i * 31) % 113}\n`,
    );
    const text = `BilledCost,ServiceName\n${rows.join('')}`;
    const ok = await decode(gzipSync(Buffer.from(text)), 4096);
    expect(ok.text).toBe(text);
    const plain = await drain(
      decodeFocusBytes(
        Readable.from([Buffer.alloc(1024 * 1024, 'a')]),
        () => {},
        { maxGzipRatio: 1 },
      ),
    );
    expect(plain.error).toBeUndefined();
  });

  it('refuses more raw bytes than maxBytes while streaming', async () => {
    let counted = 0;
    const chunks = Array.from({ length: 100 }, () => Buffer.alloc(1024, 'a'));
    const { error } = await drain(
      decodeFocusBytes(
        Readable.from(chunks),
        n => {
          counted += n;
        },
        { maxBytes: 10 * 1024 },
      ),
    );
    expect(error?.message).toMatch(
      /larger than the allowed 10240 bytes \(cost\.ingest\.maxUploadBytes\)/,
    );
    expect(counted).toBeLessThanOrEqual(11 * 1024);
  });
});
