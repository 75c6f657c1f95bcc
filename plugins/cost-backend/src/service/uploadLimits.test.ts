import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  createTestDatabases,
  dumpDatabase,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { users } from '../__fixtures__/entities';
import {
  as,
  startTestCostBackend,
} from '../__testUtils__/startTestCostBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const MAX_UPLOAD = 64 * 1024;
const CHUNK = Buffer.from(`${'x'.repeat(1023)}\n`);

/**
 * Streams an upload without Content-Length (chunked), writing until the
 * server answers or `limit` bytes are sent; resolves to the status, the body
 * and how many bytes were written.
 */
function streamUpload(
  server: { address(): AddressInfo | string | null },
  limit: number,
): Promise<{ status: number; body: string; written: number }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/cost/ingest/upload?fileName=endless.csv',
      headers: {
        authorization: mockCredentials.user.header(users.fin),
        'content-type': 'text/csv',
        'transfer-encoding': 'chunked',
      },
    });
    req.on('response', res => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', d => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, written }));
    });
    // The server may close the connection while we still write: that is the point.
    req.on('error', error => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && written < limit && !req.destroyed) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && written >= limit) req.end();
    };
    req.write('BilledCost,ServiceName\n');
    pump();
  });
}

describe.each(databases.eachSupportedId())(
  'billing upload limits on %p',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestCostBackend>>['server'];
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestCostBackend({
        knex,
        config: {
          cost: {
            admins: ['group:default/finance'],
            ingest: { maxUploadBytes: MAX_UPLOAD, maxGzipRatio: 20 },
          },
        },
      }));
    });

    it('accepts an upload within the limits', async () => {
      const res = await request(server)
        .post('/api/cost/ingest/upload?fileName=ok.csv.gz')
        .set(...as(users.fin))
        .set('Content-Type', 'application/gzip')
        .send(gzipSync(Buffer.from(focusCsv([focusTestRow()]))));
      expect(res.status).toBe(200);
    });

    it('answers 413 naming the limit for a declared length over it, storing nothing', async () => {
      const before = await dumpDatabase(knex);
      const res = await request(server)
        .post('/api/cost/ingest/upload?fileName=big.csv')
        .set(...as(users.fin))
        .set('Content-Type', 'text/csv')
        .send(Buffer.alloc(MAX_UPLOAD + 1, 'a'));
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({
        name: 'PayloadTooLargeError',
        message: expect.stringContaining(
          `${MAX_UPLOAD} bytes (cost.ingest.maxUploadBytes)`,
        ),
      });
      expect(await dumpDatabase(knex)).toEqual(before);
    });

    it('refuses a chunked upload as soon as it passes the limit, without reading the rest', async () => {
      const before = await dumpDatabase(knex);
      const sendUpTo = 64 * 1024 * 1024;
      const res = await streamUpload(server, sendUpTo);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error.message).toContain(
        'cost.ingest.maxUploadBytes',
      );
      // The answer came long before the client was done sending.
      expect(res.written).toBeLessThan(sendUpTo / 4);
      expect(await dumpDatabase(knex)).toEqual(before);
    });

    it('refuses a gzip bomb by its ratio, storing nothing', async () => {
      const before = await dumpDatabase(knex);
      // A valid FOCUS header, then 20 MiB that compress to almost nothing.
      const header = focusCsv([]);
      const bomb = gzipSync(
        Buffer.concat([
          Buffer.from(header),
          Buffer.alloc(20 * 1024 * 1024, 'a'),
        ]),
      );
      expect(bomb.length).toBeLessThan(MAX_UPLOAD);
      const res = await request(server)
        .post('/api/cost/ingest/upload?fileName=bomb.csv.gz')
        .set(...as(users.fin))
        .set('Content-Type', 'application/gzip')
        .send(bomb);
      expect(res.status).toBe(413);
      expect(res.body.error.message).toContain('cost.ingest.maxGzipRatio');
      expect(await dumpDatabase(knex)).toEqual(before);
    });
  },
);
