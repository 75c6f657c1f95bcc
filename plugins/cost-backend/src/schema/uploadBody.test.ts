import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { createTestDatabases, dumpDatabase } from '@ai-platform/test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { users } from '../__fixtures__/entities';
import { startTestCostBackend } from '../__testUtils__/startTestCostBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const MAX_UPLOAD = 64 * 1024;
const SEND_UP_TO = 64 * 1024 * 1024;
const CHUNK = Buffer.from(`${'x'.repeat(1023)}\n`);

/**
 * Streams a chunked upload with the given Content-Type until the server
 * answers or `SEND_UP_TO` bytes are sent.
 */
function streamUpload(
  server: { address(): AddressInfo | string | null },
  contentType: string | undefined,
): Promise<{ status: number; body: string; written: number }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/cost/ingest/upload?fileName=endless%20(1).csv',
      headers: {
        authorization: mockCredentials.user.header(users.fin),
        ...(contentType ? { 'content-type': contentType } : {}),
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
    // The server closes the connection while we still write: that is the point.
    req.on('error', error => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && written < SEND_UP_TO && !req.destroyed) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && written >= SEND_UP_TO) req.end();
    };
    req.write('BilledCost,ServiceName\n');
    pump();
  });
}

/**
 * The upload passes through the OpenAPI validator: whatever its media type,
 * the validator neither refuses nor reads its body (no JSON, form or
 * multipart parsing), so the ingester's stream and its size cap see every
 * byte.
 */
describe('the billing upload through the validated router', () => {
  let server: Awaited<ReturnType<typeof startTestCostBackend>>['server'];
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    ({ server } = await startTestCostBackend({
      knex,
      config: {
        cost: {
          admins: ['group:default/finance'],
          ingest: { maxUploadBytes: MAX_UPLOAD },
        },
      },
    }));
  });

  it.each([
    'text/csv',
    'application/gzip',
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    undefined,
  ])(
    'streams a %p upload to the ingester, which stops it at its cap',
    async contentType => {
      const before = await dumpDatabase(knex);
      const res = await streamUpload(server, contentType);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error.message).toContain(
        'cost.ingest.maxUploadBytes',
      );
      // Answered long before the client was done: nothing buffered the body.
      expect(res.written).toBeLessThan(SEND_UP_TO / 4);
      expect(await dumpDatabase(knex)).toEqual(before);
    },
  );
});
