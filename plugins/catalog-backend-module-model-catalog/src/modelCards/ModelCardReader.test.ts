import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ModelCardReader, ModelCardTooLargeError } from './ModelCardReader';

const CAP = 64 * 1024;
const CHUNK = Buffer.alloc(16 * 1024, 'a');
/** Safety bound on what a test server ever sends. */
const SERVER_LIMIT = 200 * 1024 * 1024;

interface Sent {
  bytes: number;
  closedEarly: boolean;
}

/** Writes chunks until `total` bytes are sent (Infinity: never ends) or the client goes away. */
function pour(res: ServerResponse, total: number, sent: Sent) {
  res.on('close', () => {
    if (!res.writableFinished) sent.closedEarly = true;
  });
  const next = () => {
    if (res.destroyed || sent.closedEarly) return;
    if (sent.bytes >= Math.min(total, SERVER_LIMIT)) {
      res.end();
      return;
    }
    sent.bytes += CHUNK.length;
    if (res.write(CHUNK)) setImmediate(next);
    else res.once('drain', next);
  };
  next();
}

describe('ModelCardReader', () => {
  let server: Server;
  let base: string;
  const sent: Record<string, Sent> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      const record: Sent = { bytes: 0, closedEarly: false };
      sent[req.url!] = record;
      res.setHeader('content-type', 'text/markdown');
      if (req.url === '/small.md') {
        res.end('---\nlicense: mit\n---\n# Card\n');
      } else if (req.url === '/huge.md') {
        pour(res, 50 * 1024 * 1024, record);
      } else if (req.url === '/endless.md') {
        pour(res, Infinity, record);
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  function reader() {
    const config = mockServices.rootConfig({
      data: {
        backend: {
          reading: {
            allow: [{ host: new URL(base).host }],
          },
        },
      },
    });
    return ModelCardReader.create({
      urlReader: UrlReaders.default({
        config,
        logger: mockServices.logger.mock(),
      }),
      localDirectories: [],
      maxBytes: CAP,
    });
  }

  it('reads a card under the cap', async () => {
    const content = await reader().read({
      type: 'url',
      url: `${base}/small.md`,
    });
    expect(content?.text).toBe('---\nlicense: mit\n---\n# Card\n');
  });

  it.each([
    ['far more than the cap', '/huge.md'],
    ['a response that never ends', '/endless.md'],
  ])('stops reading %s at the cap and reports it', async (_name, path) => {
    const started = Date.now();
    const read = reader().read({ type: 'url', url: `${base}${path}` });
    await expect(read).rejects.toThrow(ModelCardTooLargeError);
    await expect(read).rejects.toThrow(
      `larger than ${CAP} bytes; reading stopped there`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    // The connection is closed: the server stops far short of what it would send.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(sent[path].closedEarly).toBe(true);
    expect(sent[path].bytes).toBeLessThan(16 * 1024 * 1024);
  });
});
