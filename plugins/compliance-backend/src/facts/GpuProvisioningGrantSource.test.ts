import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import express from 'express';
import { mockServices } from '@backstage/backend-test-utils';
import { GpuProvisioningGrantSource } from './GpuProvisioningGrantSource';

describe('GpuProvisioningGrantSource', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Array<{ authorization?: string; scope?: unknown }> = [];
  let reply: (res: express.Response) => void;

  beforeAll(async () => {
    const app = express();
    app.get('/api/gpu-provisioning/requests', (req, res) => {
      seen.push({
        authorization: req.headers.authorization,
        scope: req.query.scope,
      });
      reply(res);
    });
    server = app.listen(0);
    await new Promise(resolve => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/gpu-provisioning`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  function source() {
    return GpuProvisioningGrantSource.create({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => baseUrl,
      }),
      auth: mockServices.auth({ pluginId: 'compliance' }),
    });
  }

  it('lists every grant with a service token for gpu-provisioning', async () => {
    reply = res =>
      res.json({
        items: [
          {
            id: 'g1',
            entityRef: 'component:default/assistant-api',
            team: 'group:default/conversational-ai',
            cluster: 'gpu-dev',
            status: 'active',
            dataClassification: 'restricted',
            justification: 'Evaluate transcripts',
            durationHours: 24,
            expiresAt: '2026-11-23T06:00:00.000Z',
            namespace: 'gpu-conversational-ai-1',
            count: 2,
          },
        ],
      });
    await expect(source().listGrants()).resolves.toEqual([
      {
        id: 'g1',
        entityRef: 'component:default/assistant-api',
        team: 'group:default/conversational-ai',
        cluster: 'gpu-dev',
        status: 'active',
        dataClassification: 'restricted',
        justification: 'Evaluate transcripts',
        durationHours: 24,
        expiresAt: '2026-11-23T06:00:00.000Z',
        namespace: 'gpu-conversational-ai-1',
      },
    ]);
    expect(seen.at(-1)!.scope).toBe('all');
    expect(seen.at(-1)!.authorization).toMatch(/^Bearer mock-service-token/);
    expect(seen.at(-1)!.authorization).toContain('gpu-provisioning');
  });

  it('fails with the response error when the backend refuses', async () => {
    reply = res =>
      res
        .status(403)
        .json({ error: { name: 'NotAllowedError', message: 'no' } });
    await expect(source().listGrants()).rejects.toThrow(/403/);
  });

  it('names the backend, not its address, when it refuses or cannot be reached', async () => {
    reply = res =>
      res.status(500).json({
        error: { name: 'Error', message: `upstream ${baseUrl} with secret` },
      });
    const refused = source().listGrants();
    await expect(refused).rejects.toThrow(
      'the gpu-provisioning backend answered HTTP 500',
    );
    await expect(refused).rejects.not.toThrow(/127\.0\.0\.1|secret/);

    const unreachable = GpuProvisioningGrantSource.create({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => 'http://127.0.0.1:1/api/gpu-provisioning',
      }),
      auth: mockServices.auth({ pluginId: 'compliance' }),
    }).listGrants();
    await expect(unreachable).rejects.toThrow(
      'the gpu-provisioning backend could not be reached',
    );
    await expect(unreachable).rejects.not.toThrow(/127\.0\.0\.1/);
  });
});
