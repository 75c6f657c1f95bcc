import { ClusterSim, startClusterSim } from '@ai-platform/cluster-sim';
import { asUser, waitFor } from '@ai-platform/test-utils';
import { Entity } from '@backstage/catalog-model';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { catalogEntities } from '../templates/__fixtures__/catalogEntities';
import { sampleValues } from '../templates/__fixtures__/sampleValues';
import {
  backendDatabase,
  Engine,
  engines,
} from './__testUtils__/backendDatabase';
import {
  APP_BASE_URL,
  ApprovalPortalOptions,
  startApprovalPortal,
} from './__testUtils__/startApprovalPortal';
import {
  ApprovalPortalProcess,
  startApprovalPortalProcess,
} from './__testUtils__/startApprovalPortalProcess';

jest.setTimeout(300_000);

type Server = Parameters<typeof request>[0];

const APPROVER = asUser('user:default/approver');
const WAITING_LINE = `is waiting for an approver: ${APP_BASE_URL}/gpu/approvals`;

/** The demo teams and an approver in platform-engineering. */
const entities: Entity[] = [
  ...catalogEntities,
  ...['ml-platform', 'platform-engineering'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [] },
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'approver' },
    spec: { memberOf: ['platform-engineering'] },
  },
];

/** A template that asks for GPUs for no entity and waits at most 3 seconds. */
const timeoutTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'approval-timeout' },
  spec: {
    owner: 'group:default/ml-platform',
    type: 'service',
    EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
    parameters: [],
    steps: [
      {
        id: 'gpus',
        name: 'Request GPUs',
        action: 'gpu:request',
        input: {
          team: 'group:default/conversational-ai',
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          count: 2,
          durationHours: 48,
          purpose: 'training',
          dataClassification: 'internal',
          justification: 'An approver who never comes',
        },
      },
      {
        id: 'approval',
        name: 'Wait for an approver',
        action: 'gpu:request:await-approval',
        input: {
          requestId: '${{ steps.gpus.output.requestId }}',
          timeout: 'PT3S',
        },
      },
    ],
  },
};

/** gpu-training-job's form: 2 H100 for 48 hours, above the 50 GPU-hour threshold. */
function trainingValues(name: string) {
  const values = sampleValues['gpu-training-job'];
  return {
    ...values,
    name,
    gpu: { ...values.gpu, count: 2, durationHours: 48 },
  };
}

async function startTask(server: Server, templateRef: string, values: object) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .send({ templateRef, values });
  expect(created.status).toBe(201);
  return created.body.id as string;
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

async function waitForLog(server: Server, taskId: string, text: string) {
  return waitFor(async () => {
    const log = await taskLog(server, taskId);
    return log.includes(text) ? log : undefined;
  }, 120_000);
}

async function taskEnd(server: Server, taskId: string) {
  const task = await waitFor(async () => {
    const res = await request(server).get(`/api/scaffolder/v2/tasks/${taskId}`);
    return ['completed', 'failed', 'cancelled'].includes(res.body.status)
      ? res.body
      : undefined;
  }, 120_000);
  return { status: task.status as string, log: await taskLog(server, taskId) };
}

/** When the wait started in a task log gives up, as its waiting line says. */
function waitingUntil(log: string): string | undefined {
  return /; waiting until (\S+)/.exec(log)?.[1];
}

/** Every GPU request in the database, as an approver lists them. */
async function allRequests(server: Server) {
  const res = await request(server)
    .get('/api/gpu-provisioning/requests')
    .query({ scope: 'all' })
    .set(...APPROVER);
  expect(res.status).toBe(200);
  return res.body.items as Array<{ id: string; status: string }>;
}

/** The guest's GPU requests for an entity, as GPU provisioning lists them. */
async function requestsFor(server: Server, entityRef: string) {
  const res = await request(server)
    .get('/api/gpu-provisioning/requests')
    .query({ entityRef });
  expect(res.status).toBe(200);
  return res.body.items as Array<{ id: string; status: string }>;
}

describe.each(engines())(
  'gpu:request:await-approval on %s',
  (engine: Engine) => {
    let dir: string;
    let sim: ClusterSim;
    let database: ReturnType<typeof backendDatabase>;
    let portal: Awaited<ReturnType<typeof startApprovalPortal>> | undefined;
    const start = () =>
      startApprovalPortal({
        database: database.config,
        fleet: sim,
        gitRoot: path.join(dir, 'git-repos'),
        entitiesFile: path.join(dir, 'entities.yaml'),
        extraTemplates: path.join(dir, 'templates'),
        // Inside the test's folder: a task still waiting when the backend
        // stops leaves its workspace behind.
        workingDirectory: path.join(dir, 'workspaces'),
      });

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'await-approval-'));
      fs.mkdirSync(path.join(dir, 'git-repos'));
      fs.mkdirSync(path.join(dir, 'workspaces'));
      fs.mkdirSync(path.join(dir, 'templates', 'approval-timeout'), {
        recursive: true,
      });
      fs.writeFileSync(
        path.join(dir, 'templates', 'approval-timeout', 'template.yaml'),
        stringify(timeoutTemplate),
      );
      fs.writeFileSync(
        path.join(dir, 'entities.yaml'),
        entities.map(e => stringify(e)).join('---\n'),
      );
      sim = await startClusterSim({ metrics: false });
      database = backendDatabase(engine, 'await-approval');
      portal = await start();
    });

    afterAll(async () => {
      await portal?.stop();
      await sim?.stop();
      await database?.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('waits for the approver, and the project is made once the approver approves', async () => {
      const { server } = portal!;
      const entityRef = 'component:default/ranker-approved';
      const taskId = await startTask(
        server,
        'template:default/gpu-training-job',
        trainingValues('ranker-approved'),
      );
      const log = await waitForLog(server, taskId, WAITING_LINE);
      const [pending] = await requestsFor(server, entityRef);
      expect(pending.status).toBe('pending-approval');
      expect(log).toContain(`GPU request ${pending.id} (2 h100 for 48h`);
      // Still waiting a moment later: nothing runs past the approval step.
      await new Promise(resolve => setTimeout(resolve, 1500));
      const waiting = await request(server).get(
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      expect(waiting.body.status).toBe('processing');

      // The requester may not approve their own request; the approver may.
      const own = await request(server).post(
        `/api/gpu-provisioning/requests/${pending.id}/approve`,
      );
      expect(own.status).toBe(403);
      const approved = await request(server)
        .post(`/api/gpu-provisioning/requests/${pending.id}/approve`)
        .set(...APPROVER);
      expect(approved.status).toBe(200);

      const end = await taskEnd(server, taskId);
      expect({ status: end.status, log: end.log }).toMatchObject({
        status: 'completed',
      });
      expect(end.log).toContain(`approved by user:default/approver`);
      const requests = await requestsFor(server, entityRef);
      expect(requests).toHaveLength(1);
      expect(['approved', 'provisioning', 'active']).toContain(
        requests[0].status,
      );
      // The project was committed after the approval, with the grant's request id.
      const repo = path.join(dir, 'git-repos', 'ranker-approved');
      const files = execFileSync('git', ['-C', repo, 'ls-files'], {
        encoding: 'utf8',
      });
      expect(files.split('\n')).toEqual(
        expect.arrayContaining(['catalog-info.yaml', 'k8s/job.yaml']),
      );
      const message = execFileSync(
        'git',
        ['-C', repo, 'log', '-1', '--format=%s'],
        {
          encoding: 'utf8',
        },
      );
      expect(message.trim()).toBe(`Project for GPU request ${pending.id}`);
    });

    it("fails with the approver's reason when the request is rejected", async () => {
      const { server } = portal!;
      const taskId = await startTask(
        server,
        'template:default/gpu-training-job',
        trainingValues('ranker-rejected'),
      );
      await waitForLog(server, taskId, WAITING_LINE);
      const [pending] = await requestsFor(
        server,
        'component:default/ranker-rejected',
      );
      const rejected = await request(server)
        .post(`/api/gpu-provisioning/requests/${pending.id}/reject`)
        .set(...APPROVER)
        .send({ reason: 'Use the shared training pool this week' });
      expect(rejected.status).toBe(200);

      const end = await taskEnd(server, taskId);
      expect(end.status).toBe('failed');
      expect(end.log).toContain(
        `GPU request ${pending.id} was rejected by user:default/approver: Use the shared training pool this week`,
      );
      // Nothing after the approval step ran: the project has only its first commit.
      const repo = path.join(dir, 'git-repos', 'ranker-rejected');
      const commits = execFileSync(
        'git',
        ['-C', repo, 'rev-list', '--count', 'HEAD'],
        {
          encoding: 'utf8',
        },
      );
      expect(commits.trim()).toBe('1');
    });

    it('fails cleanly after the timeout and gives the request back', async () => {
      const { server } = portal!;
      const taskId = await startTask(
        server,
        'template:default/approval-timeout',
        {},
      );
      const end = await taskEnd(server, taskId);
      expect(end.status).toBe('failed');
      const id = /GPU request ([0-9a-f-]{36}) \(/.exec(end.log)?.[1];
      expect(id).toBeDefined();
      expect(end.log).toContain(
        `No approver decided on GPU request ${id} within 3s; the request was released, so its quota is free again`,
      );
      const released = await request(server).get(
        `/api/gpu-provisioning/requests/${id}`,
      );
      expect(released.body.status).toBe('released');
      // Made on the user's behalf by the scaffolder, which withdrew it as itself.
      expect(released.body.requestedVia).toBe('plugin:scaffolder');
    });
  },
);

// The first backend runs in a process of its own, so its end is a real
// crash: SIGKILL, no shutdown hooks, its task's heartbeat simply stops, and
// nothing of it is left in this process when the next backend starts.
describe.each(engines())(
  'gpu:request:await-approval across a backend crash on %s',
  (engine: Engine) => {
    let dir: string;
    let sim: ClusterSim;
    let database: ReturnType<typeof backendDatabase>;
    let crashed: ApprovalPortalProcess | undefined;
    let restarted: Awaited<ReturnType<typeof startApprovalPortal>> | undefined;
    /** Each backend with workspaces of its own, as on another machine. */
    const options = (workspaces: string): ApprovalPortalOptions => {
      const workingDirectory = path.join(dir, workspaces);
      fs.mkdirSync(workingDirectory, { recursive: true });
      return {
        database: database.config,
        fleet: sim,
        gitRoot: path.join(dir, 'git-repos'),
        entitiesFile: path.join(dir, 'entities.yaml'),
        workingDirectory,
      };
    };

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'await-approval-crash-'));
      fs.mkdirSync(path.join(dir, 'git-repos'));
      fs.writeFileSync(
        path.join(dir, 'entities.yaml'),
        entities.map(e => stringify(e)).join('---\n'),
      );
      sim = await startClusterSim({ metrics: false });
      // Only this case's: an SQLite file per plugin, or new PostgreSQL databases.
      database = backendDatabase(engine, 'approval-crash');
    });

    afterAll(async () => {
      await crashed?.kill();
      await restarted?.stop();
      await sim?.stop();
      await database?.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('resumes the wait on the same GPU request after a crash, and makes the project once approved', async () => {
      const entityRef = 'component:default/ranker-crashed';
      crashed = await startApprovalPortalProcess(options('workspaces-first'));
      const first = crashed.url;
      const taskId = await startTask(
        first,
        'template:default/gpu-training-job',
        trainingValues('ranker-crashed'),
      );
      const before = await waitForLog(first, taskId, WAITING_LINE);
      const [pending] = await requestsFor(first, entityRef);
      expect(pending.status).toBe('pending-approval');
      const deadline = waitingUntil(before);
      expect(deadline).toBeDefined();

      // The backend dies mid-wait, and another starts on its database.
      await crashed.kill();
      restarted = await startApprovalPortal(options('workspaces-second'));
      const { server } = restarted;

      // Task recovery finds the task's heartbeat stale and starts it over:
      // the completed steps (gpu:request among them) are skipped, and the
      // approval step waits again on the same request until the same
      // deadline (its checkpoint).
      const resumed = await waitFor(async () => {
        const log = await taskLog(server, taskId);
        const at = log.indexOf('Task recovered');
        if (at >= 0 && log.indexOf(WAITING_LINE, at) > at) return log.slice(at);
        throw new Error(
          `the task has not resumed its wait; its log ends: ${log.slice(-400)}`,
        );
      }, 60_000);
      expect(resumed).toContain(
        'Skipping step gpus because it was already completed in a previous run',
      );
      expect(resumed).toContain(`GPU request ${pending.id} (2 h100 for 48h`);
      expect(waitingUntil(resumed)).toBe(deadline);
      const waiting = await request(server).get(
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      expect(waiting.body.status).toBe('processing');

      const approved = await request(server)
        .post(`/api/gpu-provisioning/requests/${pending.id}/approve`)
        .set(...APPROVER);
      expect(approved.status).toBe(200);

      const end = await taskEnd(server, taskId);
      expect({ status: end.status, log: end.log }).toMatchObject({
        status: 'completed',
      });
      expect(end.log).toMatch(
        new RegExp(
          `GPU request ${pending.id} is \\w+, approved by user:default/approver`,
        ),
      );
      // Still the one request: the recovered task asked for no other.
      const requests = await allRequests(server);
      expect(requests.map(r => r.id)).toEqual([pending.id]);
      const repo = path.join(dir, 'git-repos', 'ranker-crashed');
      const files = execFileSync('git', ['-C', repo, 'ls-files'], {
        encoding: 'utf8',
      });
      expect(files.split('\n')).toEqual(
        expect.arrayContaining(['catalog-info.yaml', 'k8s/job.yaml']),
      );
      const message = execFileSync(
        'git',
        ['-C', repo, 'log', '-1', '--format=%s'],
        { encoding: 'utf8' },
      );
      expect(message.trim()).toBe(`Project for GPU request ${pending.id}`);
    });
  },
);
