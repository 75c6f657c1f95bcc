import { ClusterSim } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
  waitFor,
} from '@ai-platform/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { ANA, BO, EVE, PAT } from './__fixtures__/entities';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';
import { GRANT_LABELS } from './kubernetes/grantLabels';
import { kubectl } from './kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from './kubernetes/__testUtils__/startValidatingSim';

// The load and burst scenarios of `bench/gpu-requests.bench.ts`, smaller and
// checked for correctness rather than time: an open-loop stream of requests
// from several teams whose quotas bind, and a burst at one team's class,
// asking as the portal's form does (`Prefer: respond-async`, then polling).
// No answer is a 5xx, and no quota is overdrawn, counted three ways once
// every grant is applied: the ledger, the granted requests and the
// ResourceQuotas on the cluster.
jest.setTimeout(240_000);

const databases = createTestDatabases();

/** Who asks, for which team. Quotas (test config): h100 64 for vision, 8 elsewhere; 1g.10gb 4 each. */
const REQUESTERS = [
  { user: BO, team: 'group:default/vision' },
  { user: ANA, team: 'group:default/conversational-ai' },
  { user: PAT, team: 'group:default/conversational-ai' },
  { user: PAT, team: 'group:default/platform-engineering' },
  { user: EVE, team: 'group:default/assistant-evals' },
];
const QUOTAS: Record<string, Record<string, number>> = {
  'group:default/vision': { h100: 64, 'h100/1g.10gb': 4 },
  'group:default/conversational-ai': { h100: 8, 'h100/1g.10gb': 4 },
  'group:default/platform-engineering': { h100: 8, 'h100/1g.10gb': 4 },
  'group:default/assistant-evals': { h100: 8, 'h100/1g.10gb': 4 },
};
/** The ResourceQuota key that bounds each quota key. */
const QUOTA_RESOURCE: Record<string, string> = {
  h100: 'requests.nvidia.com/gpu',
  'h100/1g.10gb': 'requests.nvidia.com/mig-1g.10gb',
};

function body(team: string, migProfile?: string) {
  return {
    team,
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    ...(migProfile ? { migProfile } : {}),
    count: 1,
    durationHours: 8,
    purpose: 'training',
    dataClassification: 'internal',
    justification: 'Hackathon: one GPU each',
  };
}

/** Waits until no request is still being applied. */
async function settled(knex: Knex) {
  await waitFor(async () => {
    const [{ n }] = await knex('gpu_requests')
      .whereIn('status', ['approved', 'provisioning'])
      .count({ n: '*' });
    return Number(n) === 0 ? true : undefined;
  }, 60_000);
}

type Counts = Map<string, number>;
const add = (counts: Counts, key: string, n: number) =>
  counts.set(key, (counts.get(key) ?? 0) + n);

describe.each(databases.eachSupportedId())(
  'GPU requests under load on %p',
  databaseId => {
    let sim: ClusterSim;
    beforeEach(async () => {
      sim = await startValidatingSim();
    });
    afterEach(() => sim?.stop());

    it('answers an open-loop stream from several teams without a 5xx or an overdrawn quota, counted three ways', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestGpuBackend({
        knex,
        config: { kubernetes: fleetKubernetesConfig(sim) },
      });
      // 240 requests, one every 10 ms, whatever the answers; a fifth for a MIG slice.
      const sent: Array<
        Promise<{ status: number; key: string; team: string }>
      > = [];
      for (let i = 0; i < 240; i++) {
        const { user, team } = REQUESTERS[i % REQUESTERS.length];
        const key = i % 5 === 4 ? 'h100/1g.10gb' : 'h100';
        const migProfile = key === 'h100' ? undefined : '1g.10gb';
        sent.push(
          request(server)
            .post('/api/gpu-provisioning/requests')
            .set(...as(user))
            .set('Prefer', 'respond-async')
            .send(body(team, migProfile))
            .then(res => ({ status: res.status, key, team })),
        );
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      const answers = await Promise.all(sent);
      expect(answers.filter(a => a.status >= 500)).toEqual([]);
      expect(answers.filter(a => a.status !== 201 && a.status !== 409)).toEqual(
        [],
      );

      await settled(knex);

      const granted: Counts = new Map();
      for (const a of answers.filter(x => x.status === 201)) {
        add(granted, `${a.team} ${a.key}`, 1);
      }
      const ledger: Counts = new Map();
      for (const row of await knex('gpu_quota_usage').select()) {
        add(ledger, `${row.team} ${row.quota_key}`, Number(row.reserved));
      }
      const stored: Counts = new Map();
      const teamOfGrant = new Map<string, string>();
      for (const row of await knex('gpu_requests').select(
        'id',
        'status',
        'team',
        'quota_key',
        'gpu_count',
      )) {
        teamOfGrant.set(row.id, row.team);
        if (row.status === 'active') {
          add(stored, `${row.team} ${row.quota_key}`, Number(row.gpu_count));
        }
      }
      // What the cluster enforces: the ResourceQuotas of the grants' namespaces.
      const onCluster: Counts = new Map();
      const quotas = await kubectl(sim, 'gpu-prod', [
        'get',
        'resourcequotas',
        '--all-namespaces',
        '-l',
        'app.kubernetes.io/managed-by=ai-platform-portal',
        '-o',
        'json',
      ]);
      for (const quota of quotas.items) {
        const team = teamOfGrant.get(
          quota.metadata.labels[GRANT_LABELS.grantId],
        );
        for (const [key, resource] of Object.entries(QUOTA_RESOURCE)) {
          add(onCluster, `${team} ${key}`, Number(quota.spec.hard[resource]));
        }
      }

      for (const [team, limits] of Object.entries(QUOTAS)) {
        for (const [key, limit] of Object.entries(limits)) {
          const asked = answers.filter(
            a => a.team === team && a.key === key,
          ).length;
          const id = `${team} ${key}`;
          // Every team asked for more than its quota: exactly the quota is granted.
          expect({ id, granted: granted.get(id) ?? 0 }).toEqual({
            id,
            granted: Math.min(asked, limit),
          });
          expect(ledger.get(id) ?? 0).toBe(granted.get(id) ?? 0);
          expect(stored.get(id) ?? 0).toBe(granted.get(id) ?? 0);
          expect(onCluster.get(id) ?? 0).toBe(granted.get(id) ?? 0);
        }
      }
      expect(answers.filter(a => a.status === 409).length).toBeGreaterThan(0);
    });

    it('answers a burst of 100 at one team’s MIG slices with exactly its quota granted and no 5xx', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestGpuBackend({
        knex,
        config: { kubernetes: fleetKubernetesConfig(sim) },
      });
      const answers = await Promise.all(
        Array.from({ length: 100 }, () =>
          request(server)
            .post('/api/gpu-provisioning/requests')
            .set(...as(ANA))
            .set('Prefer', 'respond-async')
            .send(body('group:default/conversational-ai', '1g.10gb')),
        ),
      );
      await settled(knex);
      const statuses = answers.map(a => a.status);
      expect(statuses.filter(s => s === 201)).toHaveLength(4);
      expect(statuses.filter(s => s === 409)).toHaveLength(96);
      const [ledger] = await knex('gpu_quota_usage').where({
        team: 'group:default/conversational-ai',
        quota_key: 'h100/1g.10gb',
      });
      expect(Number(ledger.reserved)).toBe(4);
      const active = await knex('gpu_requests').where({ status: 'active' });
      expect(active.map(r => r.id).sort()).toEqual(
        answers
          .filter(a => a.status === 201)
          .map(a => a.body.id)
          .sort(),
      );
    });
  },
);
