import { asUser, waitFor } from '@ai-platform/test-utils';
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import {
  APP_BASE_URL,
  startApprovalsPortal,
} from './__testUtils__/startApprovalsPortal';
import { templatesDir } from '../templates/__testUtils__/fixturesDir';
import { awaitApprovalExamples } from './awaitApprovalAction.examples';

/** The demo template of the suite that waits for ML Platform. */
const DEMO_TEMPLATE = 'model-publish-approval';

jest.setTimeout(60_000);

type Server = Parameters<typeof request>[0];

const APPROVER = asUser('user:default/approver');
const WAITING_LINE = `is waiting for a member of group:default/ml-platform: ${APP_BASE_URL}/golden-paths/approvals`;

const entities: Entity[] = [
  ...['ml-platform', 'conversational-ai'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [] },
  })),
  ...[
    ['guest', 'conversational-ai'],
    ['approver', 'ml-platform'],
  ].map(([name, group]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf: [group] },
  })),
];

/** A template with the first example's step, waiting at most `timeout`. */
function template(name: string, timeout?: string) {
  // The example as a template author writes it.
  const { steps } = parse(awaitApprovalExamples[0].example);
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name },
    spec: {
      owner: 'group:default/ml-platform',
      type: 'service',
      EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
      parameters: [
        { properties: { name: { type: 'string' } }, required: ['name'] },
      ],
      steps: steps.map((step: { input: object }) => ({
        ...step,
        input: { ...step.input, ...(timeout ? { timeout } : {}) },
      })),
    },
  };
}

async function taskLog(server: Server, taskId: string): Promise<string> {
  const events = await request(server).get(
    `/api/scaffolder/v2/tasks/${taskId}/events`,
  );
  return (events.body as any[])
    .map(e => e.body?.message)
    .filter(Boolean)
    .join('\n');
}

async function taskEnd(server: Server, taskId: string) {
  const task = await waitFor(async () => {
    const res = await request(server).get(`/api/scaffolder/v2/tasks/${taskId}`);
    return ['completed', 'failed', 'cancelled'].includes(res.body.status)
      ? res.body
      : undefined;
  }, 30_000);
  return { status: task.status as string, log: await taskLog(server, taskId) };
}

describe('ai-platform:approval:await', () => {
  let dir: string;
  let portal: Awaited<ReturnType<typeof startApprovalsPortal>> | undefined;
  let server: Server;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-await-'));
    for (const [name, timeout] of [
      ['publish-model', undefined],
      ['publish-model-soon', 'PT2S'],
    ] as const) {
      fs.mkdirSync(path.join(dir, 'templates', name), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'templates', name, 'template.yaml'),
        stringify(template(name, timeout)),
      );
    }
    fs.cpSync(
      path.join(templatesDir(), DEMO_TEMPLATE),
      path.join(dir, 'templates', DEMO_TEMPLATE),
      { recursive: true },
    );
    fs.writeFileSync(
      path.join(dir, 'entities.yaml'),
      entities.map(e => stringify(e)).join('---\n'),
    );
    portal = await startApprovalsPortal({
      entitiesFile: path.join(dir, 'entities.yaml'),
      templatesDir: path.join(dir, 'templates'),
    });
    server = portal.server;
    await waitFor(async () => {
      const res = await request(server).get(
        `/api/catalog/entities/by-name/template/default/${DEMO_TEMPLATE}`,
      );
      return res.status === 200 || undefined;
    }, 30_000);
  });

  afterAll(async () => {
    await portal?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(
    templateName: string,
    name: string,
    values: object = { name },
  ) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef: `template:default/${templateName}`, values });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  /** The approval the approver sees in their inbox for this model. */
  async function inInbox(model: string) {
    return waitFor(async () => {
      const res = await request(server)
        .get('/api/approvals/approvals?status=pending&mine=approver')
        .set(...APPROVER);
      return (res.body.items as Array<{ id: string; title: string }>)?.find(a =>
        a.title.endsWith(` ${model} to production`),
      );
    }, 30_000);
  }

  const decide = (id: string, body: object) =>
    request(server)
      .post(`/api/approvals/approvals/${id}/decision`)
      .set(...APPROVER)
      .send(body);

  it('waits with a link to the inbox, and completes when a member approves', async () => {
    const taskId = await start('publish-model', 'm1');
    const approval = await inInbox('m1');
    const log = await waitFor(async () => {
      const text = await taskLog(server, taskId);
      return text.includes(WAITING_LINE) ? text : undefined;
    }, 30_000);
    expect(log).toContain(approval.id);

    // The requester may not approve it themselves.
    const self = await request(server)
      .post(`/api/approvals/approvals/${approval.id}/decision`)
      .send({ decision: 'approve' });
    expect(self.status).toBe(403);

    expect(
      (await decide(approval.id, { decision: 'approve', reason: 'LGTM' }))
        .status,
    ).toBe(200);
    const end = await taskEnd(server, taskId);
    expect(end.status).toBe('completed');
    expect(end.log).toContain('approved by user:default/approver: LGTM');
  });

  it('fails with the reason when a member rejects', async () => {
    const taskId = await start('publish-model', 'm2');
    const approval = await inInbox('m2');
    expect(
      (
        await decide(approval.id, {
          decision: 'reject',
          reason: 'The model card has no evaluation',
        })
      ).status,
    ).toBe(200);
    const end = await taskEnd(server, taskId);
    expect(end.status).toBe('failed');
    expect(end.log).toContain(
      `Approval ${approval.id} was rejected by user:default/approver: The model card has no evaluation`,
    );
  });

  it('fails after the timeout, and the approval has expired', async () => {
    const taskId = await start('publish-model-soon', 'm3');
    const end = await taskEnd(server, taskId);
    expect(end.status).toBe('failed');
    expect(end.log).toMatch(
      /No member of group:default\/ml-platform decided on approval \S+ within 2s; it has expired/,
    );
  });

  it('withdraws the approval when the task is cancelled, so it leaves the inbox', async () => {
    const taskId = await start('publish-model', 'm5');
    const approval = await inInbox('m5');
    const cancelled = await request(server).post(
      `/api/scaffolder/v2/tasks/${taskId}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    const withdrawn = await waitFor(async () => {
      const res = await request(server)
        .get(`/api/approvals/approvals/${approval.id}`)
        .set(...APPROVER);
      return res.body.status === 'withdrawn' ? res.body : undefined;
    }, 30_000);
    expect(withdrawn.reason).toBe('The task was cancelled');
    // As the scaffolder first, as the GPU request wait does: its token
    // outlives the user's on a wait of days.
    expect(withdrawn.decidedBy).toBe('plugin:scaffolder');
    expect((await taskEnd(server, taskId)).log).toContain(
      'the approval was withdrawn',
    );
    const inbox = await request(server)
      .get('/api/approvals/approvals?status=pending&mine=approver')
      .set(...APPROVER);
    expect(inbox.body.items.map((a: { id: string }) => a.id)).not.toContain(
      approval.id,
    );
  });

  it("runs the suite's demo template through an approval", async () => {
    const taskId = await start(DEMO_TEMPLATE, 'demo', {
      model: 'resource:default/m4',
      justification: 'Evaluated on the support set, model card complete',
      timeout: 'P1D',
    });
    const approval = await inInbox('m4');
    expect((await decide(approval.id, { decision: 'approve' })).status).toBe(
      200,
    );
    const end = await taskEnd(server, taskId);
    expect(end.status).toBe('completed');
    expect(end.log).toContain(
      'resource:default/m4 approved for production by user:default/approver',
    );
  });
});
