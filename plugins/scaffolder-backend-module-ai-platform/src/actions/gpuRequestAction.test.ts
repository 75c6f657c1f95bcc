import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { createGpuRequestAction } from './gpuRequestAction';
import { gpuRequestExamples } from './gpuRequestAction.examples';

interface Seen {
  path?: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A stand-in for the GPU provisioning API that records what it is sent. */
async function startFakeApi(
  reply: (body: any) => { status: number; body: unknown },
) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text);
      seen.push({ path: req.url, headers: req.headers, body });
      const answer = reply(body);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/gpu-provisioning`;
  return {
    seen,
    base,
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

function actionFor(base: string) {
  return createGpuRequestAction({
    discovery: {
      getBaseUrl: async () => base,
      getExternalBaseUrl: async () => base,
    },
    auth: mockServices.auth(),
  });
}

describe('gpu:request', () => {
  it.each(gpuRequestExamples.map(e => [e.description, e] as const))(
    'runs the example: %s',
    async (_d, example) => {
      const api = await startFakeApi(body => ({
        status: 201,
        body: {
          ...body,
          id: 'req-1',
          status: 'active',
          namespace: 'gpu-team-req1',
          expiresAt: '2026-12-01T00:00:00Z',
        },
      }));
      try {
        const input = parse(example.example).steps[0].input;
        // The mock context ignores `step` and `isDryRun`, so they are set on it.
        const ctx = {
          ...createMockActionContext({ input, task: { id: 'task-7' } }),
          step: { id: 'gpus' },
        };
        await actionFor(api.base).handler(ctx);

        expect(api.seen).toHaveLength(1);
        expect(api.seen[0].path).toBe('/api/gpu-provisioning/requests');
        expect(api.seen[0].body).toEqual(input);
        expect(api.seen[0].headers['idempotency-key']).toBe(
          'scaffolder-task-7-gpus',
        );
        // On behalf of the user who runs the template, not as the scaffolder.
        expect(api.seen[0].headers.authorization).toBe(
          `Bearer ${mockCredentials.service.token({
            onBehalfOf: mockCredentials.user(),
            targetPluginId: 'gpu-provisioning',
          })}`,
        );
        expect(ctx.output).toHaveBeenCalledWith('requestId', 'req-1');
        expect(ctx.output).toHaveBeenCalledWith('status', 'active');
        expect(ctx.output).toHaveBeenCalledWith('namespace', 'gpu-team-req1');
        expect(ctx.output).toHaveBeenCalledWith(
          'expiresAt',
          '2026-12-01T00:00:00Z',
        );
      } finally {
        await api.stop();
      }
    },
  );

  it('asks once when the step runs again after a restart: the checkpoint gives back the first request', async () => {
    let next = 0;
    const api = await startFakeApi(body => ({
      status: 201,
      body: { ...body, id: `req-${++next}`, status: 'pending-approval' },
    }));
    try {
      const input = parse(gpuRequestExamples[0].example).steps[0].input;
      // Checkpoints kept as the scaffolder keeps them in the task's state.
      const saved = new Map<string, any>();
      const run = async () => {
        const ctx = {
          ...createMockActionContext({ input, task: { id: 'task-9' } }),
          step: { id: 'gpus' },
          checkpoint: async ({ key, fn }: { key: string; fn: () => any }) => {
            if (!saved.has(key)) saved.set(key, await fn());
            return saved.get(key);
          },
        };
        await actionFor(api.base).handler(ctx as any);
        return ctx;
      };
      const first = await run();
      const again = await run();
      expect(api.seen).toHaveLength(1);
      expect(first.output).toHaveBeenCalledWith('requestId', 'req-1');
      expect(again.output).toHaveBeenCalledWith('requestId', 'req-1');
      expect(again.output).toHaveBeenCalledWith('status', 'pending-approval');
    } finally {
      await api.stop();
    }
  });

  it('refuses bad input naming the fields, without calling the API', async () => {
    const api = await startFakeApi(() => ({ status: 500, body: {} }));
    try {
      const input = {
        ...parse(gpuRequestExamples[0].example).steps[0].input,
        count: 0,
        purpose: 'mining',
      };
      await expect(
        actionFor(api.base).handler(createMockActionContext({ input })),
      ).rejects.toThrow(/count: must be at least 1.*purpose: must be one of/);
      expect(api.seen).toHaveLength(0);
    } finally {
      await api.stop();
    }
  });

  it('passes startAt through the client to book a later window, and outputs the window', async () => {
    const api = await startFakeApi(body => ({
      status: 201,
      body: {
        ...body,
        id: 'req-2',
        status: 'approved',
        expiresAt: '2026-12-05T06:00:00.000Z',
      },
    }));
    try {
      const input = parse(gpuRequestExamples[2].example).steps[0].input;
      expect(input.startAt).toBe('2026-12-04T22:00:00Z');
      const ctx = createMockActionContext({ input, task: { id: 'task-8' } });
      await actionFor(api.base).handler(ctx);
      expect(api.seen[0].body.startAt).toBe('2026-12-04T22:00:00Z');
      expect(ctx.output).toHaveBeenCalledWith('status', 'approved');
      expect(ctx.output).toHaveBeenCalledWith(
        'startAt',
        '2026-12-04T22:00:00Z',
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'expiresAt',
        '2026-12-05T06:00:00.000Z',
      );
      // Without startAt, none is sent.
      const now = parse(gpuRequestExamples[0].example).steps[0].input;
      await actionFor(api.base).handler(
        createMockActionContext({ input: now }),
      );
      expect(api.seen[1].body).not.toHaveProperty('startAt');
    } finally {
      await api.stop();
    }
  });

  it.each(['tomorrow evening', '2026-12-04', 12345])(
    'refuses startAt %p naming the field, without calling the API',
    async startAt => {
      const api = await startFakeApi(() => ({ status: 500, body: {} }));
      try {
        const input = {
          ...parse(gpuRequestExamples[2].example).steps[0].input,
          startAt,
        };
        await expect(
          actionFor(api.base).handler(createMockActionContext({ input })),
        ).rejects.toThrow(/Invalid GPU request: startAt: /);
        expect(api.seen).toHaveLength(0);
      } finally {
        await api.stop();
      }
    },
  );

  it("reports the API's refusal of a window, such as one in the past", async () => {
    const api = await startFakeApi(() => ({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message: 'startAt: must be in the future; leave it out to start now',
        },
        response: { statusCode: 400 },
      },
    }));
    try {
      const input = parse(gpuRequestExamples[2].example).steps[0].input;
      await expect(
        actionFor(api.base).handler(createMockActionContext({ input })),
      ).rejects.toThrow(
        'GPU request refused (400): startAt: must be in the future',
      );
    } finally {
      await api.stop();
    }
  });

  it("reports the API's refusal, such as an exceeded quota", async () => {
    const api = await startFakeApi(() => ({
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message:
            'Quota exceeded for h100 in group:default/ml-platform: requested 2, 1 of 8 GPUs left',
        },
        response: { statusCode: 409 },
      },
    }));
    try {
      const input = parse(gpuRequestExamples[1].example).steps[0].input;
      await expect(
        actionFor(api.base).handler(createMockActionContext({ input })),
      ).rejects.toThrow(/Quota exceeded for h100/);
    } finally {
      await api.stop();
    }
  });

  it('says clearly in the task log when the entity is not the team’s (403)', async () => {
    const message =
      'component:default/assistant-api is owned by group:default/vision, not by group:default/conversational-ai or a team below it';
    const api = await startFakeApi(() => ({
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message },
        response: { statusCode: 403 },
      },
    }));
    try {
      const input = parse(gpuRequestExamples[0].example).steps[0].input;
      const logger = mockServices.logger.mock();
      const ctx = createMockActionContext({ input, logger });
      const run = actionFor(api.base).handler(ctx);
      await expect(run).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `GPU request refused (403): ${message}`,
      });
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining(`GPU request refused (403): ${message}.`),
      );
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining(`is owned by it or a team below it`),
      );
    } finally {
      await api.stop();
    }
  });

  it('asks for nothing in a dry run and still names the namespace', async () => {
    const api = await startFakeApi(() => ({ status: 500, body: {} }));
    try {
      const input = parse(gpuRequestExamples[0].example).steps[0].input;
      const ctx = {
        ...createMockActionContext({ input, task: { id: 't1' } }),
        isDryRun: true,
      };
      await actionFor(api.base).handler(ctx);
      expect(api.seen).toHaveLength(0);
      expect(ctx.output).toHaveBeenCalledWith('status', 'dry-run');
      expect(ctx.output).toHaveBeenCalledWith(
        'namespace',
        expect.stringMatching(/^gpu-conversational-ai-assistant-llm-finetune-/),
      );
    } finally {
      await api.stop();
    }
  });
});
