import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { fetchJson } from './fetchJson';
import { publicError } from './ModelSourceEntityProvider';

describe('fetchJson', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/not-json') {
        res.end(`<html>${base} token=abc</html>`);
      } else {
        res.statusCode = 401;
        res.end(JSON.stringify({ message: 'bad token' }));
      }
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(r => server.close(r)));

  it.each([
    ['/not-json', 'the registry answered with something that is not JSON'],
    ['/denied', 'Request failed with 401'],
  ])('fails on %s without echoing the registry URL', async (path, message) => {
    const read = fetchJson(new URL(`${base}${path}`), { token: 'abc' });
    await expect(read).rejects.toThrow(message);
    await expect(read).rejects.not.toThrow(/127\.0\.0\.1|abc/);
  });

  it('says the registry could not be reached, not where it is', async () => {
    const read = fetchJson(new URL('http://127.0.0.1:1/api'), {});
    await expect(read).rejects.toThrow('the registry could not be reached');
    await expect(read).rejects.not.toThrow(/127\.0\.0\.1/);
  });
});

describe('publicError', () => {
  it('names the source by id and cuts URLs out', () => {
    expect(
      publicError(
        'mlflow-prod',
        new Error('could not read https://mlflow.internal:5000/api?x=1, 500'),
      ),
    ).toBe(
      "model source 'mlflow-prod' could not be read: Error: could not read <url> 500",
    );
  });
});
