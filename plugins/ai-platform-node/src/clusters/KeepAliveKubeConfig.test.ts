import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ClusterRegistry } from './ClusterRegistry';

/** A self-signed certificate for 127.0.0.1, made by openssl for this test. */
function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'keep-alive-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('KeepAliveKubeConfig', () => {
  const { key, cert } = selfSignedCertificate();
  let server: Server;
  let handshakes = 0;
  let url: string;

  beforeAll(async () => {
    server = createServer({ key, cert }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          kind: 'NamespaceList',
          apiVersion: 'v1',
          metadata: {},
          items: [],
        }),
      );
    });
    server.on('secureConnection', () => handshakes++);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });
  beforeEach(() => {
    handshakes = 0;
  });

  function registry() {
    return ClusterRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'gpu-prod',
                    url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'token',
                    caData: Buffer.from(cert).toString('base64'),
                  },
                ],
              },
            ],
          },
        },
      }),
      { inClusterTokenPath: '/nonexistent/token' },
    );
  }

  it("reuses one verified TLS connection for a cluster's calls", async () => {
    const core = registry().makeApiClient('gpu-prod', CoreV1Api);
    for (let i = 0; i < 5; i++) {
      await expect(core.listNamespace()).resolves.toMatchObject({ items: [] });
    }
    expect(handshakes).toBe(1);
  });

  it('is what plain client-node does not do: a handshake per call', async () => {
    const plain = new KubeConfig();
    plain.loadFromString(registry().kubeConfig('gpu-prod').exportConfig());
    const core = plain.makeApiClient(CoreV1Api);
    for (let i = 0; i < 5; i++) await core.listNamespace();
    expect(handshakes).toBe(5);
  });

  it('still refuses a server whose certificate the cluster CA does not sign', async () => {
    const other = selfSignedCertificate();
    const core = ClusterRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'gpu-prod',
                    url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'token',
                    caData: Buffer.from(other.cert).toString('base64'),
                  },
                ],
              },
            ],
          },
        },
      }),
      { inClusterTokenPath: '/nonexistent/token' },
    ).makeApiClient('gpu-prod', CoreV1Api);
    await expect(core.listNamespace()).rejects.toThrow(/certificate/i);
  });
});
