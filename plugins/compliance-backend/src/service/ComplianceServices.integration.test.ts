import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ClusterSim, startClusterSim } from '@ai-platform/cluster-sim';
import { createTestDatabases } from '@ai-platform/test-utils';
import { EntityCompliance } from '@ai-platform/plugin-compliance-common';
import { loadDemoEntities } from '../__testUtils__/demoCatalog';
import { createTestService } from '../__testUtils__/createTestService';
import {
  DEMO_GRANTS,
  StaticGrantSource,
} from '../__testUtils__/StaticGrantSource';
import { evidenceFromCsv, evidenceToCsv } from './evidenceCsv';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const FULLY_COMPLIANT = 'component:default/search-embedding-service';
const FAILING_HIPAA = 'component:default/assistant-api';
const WAIVED = 'component:default/vision-embedding-service';
const approver = {
  credentials: mockCredentials.user('user:default/priya.platform'),
};

function statuses(result: EntityCompliance) {
  return Object.fromEntries(result.checks.map(c => [c.checkId, c.status]));
}

describe('compliance of the demo organisation on the simulated clusters', () => {
  let sim: ClusterSim;

  beforeAll(async () => {
    sim = await startClusterSim({ metrics: false });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    let clock = new Date('2026-11-22T06:00:00.000Z');
    const entities: Entity[] = loadDemoEntities();
    const context = await createTestService({
      knex,
      sim,
      entities,
      grants: new StaticGrantSource(DEMO_GRANTS),
      now: () => clock,
    });
    return {
      ...context,
      entities,
      knex,
      advance: (ms: number) => {
        clock = new Date(clock.getTime() + ms);
      },
      now: () => clock,
    };
  }

  it.each(databases.eachSupportedId())(
    'finds search-embedding-service fully compliant, on %p',
    async databaseId => {
      const { services } = await setUp(databaseId);
      const summary = await services.evaluations.runFull();
      expect(summary.evaluated).toBeGreaterThan(10);

      const result = await services.scorecards.entity(
        approver,
        FULLY_COMPLIANT,
      );
      // Written by hand from demo/catalog and topologies/demo.yaml.
      expect(statuses(result)).toEqual({
        'catalog-owner-is-group': 'pass',
        'catalog-lifecycle-set': 'pass',
        'catalog-system-set': 'pass',
        'catalog-description-set': 'pass',
        'catalog-data-classification': 'pass',
        'catalog-techdocs': 'pass',
        'catalog-on-call': 'pass',
        'k8s-default-deny-network-policy': 'pass',
        'k8s-pod-security-restricted': 'pass',
        'k8s-no-cluster-admin-team': 'pass',
        'k8s-gpu-quota': 'pass',
        'k8s-allowed-registries': 'pass',
        'k8s-policy-reports-pass': 'pass',
        'grants-restricted-on-allowed-clusters': 'pass',
        'grants-justified-and-expiring': 'pass',
      });
      // Internal data: HIPAA is out of scope.
      expect(
        result.frameworks.map(f => [f.frameworkId, f.score, f.level]),
      ).toEqual([
        ['iso27001', 100, 'Gold'],
        ['soc2', 100, 'Gold'],
      ]);
      const k8s = result.checks.find(c => c.checkId === 'k8s-gpu-quota')!;
      expect(k8s.evidence.facts).toEqual({
        'k8s.gpuNamespaces': ['gpu-prod/search-relevance'],
        'k8s.gpuNamespacesWithoutQuota': [],
      });
      expect(k8s.evidence.collectedAt.k8s).toMatch(/^\d{4}-\d\d-\d\dT/);
    },
  );

  it.each(databases.eachSupportedId())(
    'finds assistant-api failing specific HIPAA controls, on %p',
    async databaseId => {
      const { services } = await setUp(databaseId);
      await services.evaluations.runFull();
      const result = await services.scorecards.entity(approver, FAILING_HIPAA);
      const failing = result.checks
        .filter(c => c.status === 'fail')
        .map(c => c.checkId)
        .sort();
      expect(failing).toEqual([
        'catalog-on-call',
        'catalog-techdocs',
        'grants-restricted-on-allowed-clusters',
        'k8s-default-deny-network-policy',
        'k8s-gpu-quota',
        'k8s-no-cluster-admin-team',
        'k8s-pod-security-restricted',
        'k8s-policy-reports-pass',
      ]);
      const evidence = await services.evidence.evidence(approver, {
        frameworkId: 'hipaa',
        entityRef: FAILING_HIPAA,
      });
      const failingControls = [
        ...new Set(
          evidence.filter(r => r.status === 'fail').map(r => r.controlId),
        ),
      ].sort();
      expect(failingControls).toEqual([
        '164.308(a)(1)(ii)(B)',
        '164.308(a)(1)(ii)(D)',
        '164.308(a)(4)(ii)(B)',
        '164.308(a)(6)(ii)',
        '164.310(a)(1)',
        '164.310(d)(1)',
        '164.312(a)(1)',
        '164.312(b)',
        '164.312(e)(1)',
      ]);
      const passingOnly = [...new Set(evidence.map(r => r.controlId))].filter(
        c => !failingControls.includes(c),
      );
      expect(passingOnly.sort()).toEqual([
        '164.308(a)(1)(ii)(A)',
        '164.308(a)(2)',
        '164.308(a)(3)(ii)(B)',
        '164.312(c)(1)',
      ]);
      const admin = result.checks.find(
        c => c.checkId === 'k8s-no-cluster-admin-team',
      )!;
      expect(admin.evidence.facts['k8s.clusterAdminBindings']).toEqual([
        'gpu-prod/ClusterRoleBinding/conversational-ai-cluster-admin',
      ]);
      const reports = result.checks.find(
        c => c.checkId === 'k8s-policy-reports-pass',
      )!;
      expect(reports.evidence.facts['k8s.policyReportFailures']).toEqual([
        expect.objectContaining({
          cluster: 'gpu-prod',
          namespace: 'conversational-ai',
          namespaceOwner: 'conversational-ai',
          policy: 'disallow-privilege-escalation',
        }),
        expect.objectContaining({ policy: 'require-run-as-nonroot' }),
      ]);
      const hipaa = result.frameworks.find(f => f.frameworkId === 'hipaa')!;
      // Weights: passing 3+3+2+3 of 3+3+2+3+3+3+3+5+3+5+2... computed from the check file.
      expect(hipaa.failed).toBe(6);
      expect(hipaa.level).toBeNull();
    },
  );

  it.each(databases.eachSupportedId())(
    'counts a waiver until it expires, then the check fails again, on %p',
    async databaseId => {
      const { services, advance, events, store } = await setUp(databaseId);
      await services.evaluations.runFull();
      const before = await services.scorecards.entity(approver, WAIVED);
      expect(statuses(before)['k8s-default-deny-network-policy']).toBe('fail');
      const soc2Before = before.frameworks.find(f => f.frameworkId === 'soc2')!;

      const waiver = await services.waivers.createWaiver(approver, {
        entityRef: WAIVED,
        checkId: 'k8s-default-deny-network-policy',
        justification:
          'Ingress is limited by the service mesh until the CNI migration in Q1',
        expiresAt: '2026-11-22T08:00:00.000Z',
      });
      expect(waiver).toEqual(
        expect.objectContaining({
          approver: 'user:default/priya.platform',
          active: true,
        }),
      );
      expect(events).toContainEqual(
        expect.objectContaining({
          eventId: 'waiver-create',
          status: 'succeeded',
        }),
      );
      const during = await services.scorecards.entity(approver, WAIVED);
      const waived = during.checks.find(
        c => c.checkId === 'k8s-default-deny-network-policy',
      )!;
      expect(waived).toEqual(
        expect.objectContaining({ status: 'waived', waiverId: waiver.id }),
      );
      const soc2During = during.frameworks.find(f => f.frameworkId === 'soc2')!;
      expect(soc2During.score!).toBeGreaterThan(soc2Before.score!);
      expect(
        (await store.getScores(WAIVED)).find(s => s.frameworkId === 'soc2')!
          .score,
      ).toBe(soc2During.score);

      advance(3 * 3600_000); // past 08:00
      const after = await services.scorecards.entity(approver, WAIVED);
      expect(statuses(after)['k8s-default-deny-network-policy']).toBe('fail');
      expect(after.waivers).toEqual([
        expect.objectContaining({ id: waiver.id, active: false }),
      ]);
      expect(after.frameworks.find(f => f.frameworkId === 'soc2')!.score).toBe(
        soc2Before.score,
      );
      // The light pass re-evaluates only the entity whose waiver expired.
      const summary = await services.evaluations.runIncremental();
      expect(summary.evaluated).toBe(1);
      expect(
        (await store.getScores(WAIVED)).find(s => s.frameworkId === 'soc2')!
          .score,
      ).toBe(soc2Before.score);
    },
  );

  it.each(databases.eachSupportedId())(
    'rejects waivers from non-approvers and for unknown checks, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { services, events } = await createTestService({
        knex,
        sim,
        entities: loadDemoEntities(),
        grants: new StaticGrantSource(DEMO_GRANTS),
        now: () => new Date('2026-11-22T06:00:00.000Z'),
        permissions: mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result:
                r.permission.name === 'compliance.score.read'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            })),
        }) as never,
      });
      await services.evaluations.runFull();
      await expect(
        services.waivers.createWaiver(approver, {
          entityRef: WAIVED,
          checkId: 'k8s-default-deny-network-policy',
          justification: 'I would like this to go away',
          expiresAt: '2026-12-01T00:00:00.000Z',
        }),
      ).rejects.toThrow(/not allowed to grant compliance waivers/);
      expect(events).toContainEqual(
        expect.objectContaining({ eventId: 'waiver-create', status: 'failed' }),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'exports evidence that round-trips through CSV, on %p',
    async databaseId => {
      const { services } = await setUp(databaseId);
      await services.evaluations.runFull();
      const records = await services.evidence.evidence(approver, {
        frameworkId: 'iso27001',
        control: 'A.8.20',
      });
      expect(records.length).toBeGreaterThan(5);
      expect(records.every(r => r.controlId === 'A.8.20')).toBe(true);
      expect(records).toContainEqual(
        expect.objectContaining({
          entityRef: FAILING_HIPAA,
          checkId: 'k8s-default-deny-network-policy',
          status: 'fail',
          facts: expect.objectContaining({
            'k8s.namespacesWithoutDefaultDeny': ['gpu-prod/conversational-ai'],
          }),
        }),
      );
      expect(evidenceFromCsv(evidenceToCsv(records))).toEqual(records);
    },
  );

  it.each(databases.eachSupportedId())(
    're-evaluates only a changed entity, rolls scores up to teams and keeps history, on %p',
    async databaseId => {
      const { services, entities, advance, store } = await setUp(databaseId);
      const full = await services.evaluations.runFull();
      const unchanged = await services.evaluations.runIncremental();
      expect(unchanged).toEqual(
        expect.objectContaining({ evaluated: 0, removed: 0 }),
      );

      const target = entities.find(
        e => e.metadata.name === 'vision-embedding-service',
      )!;
      target.metadata.annotations = {
        ...target.metadata.annotations,
        'pagerduty.com/service-id': 'PVISION',
      };
      advance(86_400_000);
      const changed = await services.evaluations.runIncremental();
      expect(changed).toEqual(
        expect.objectContaining({
          evaluated: 1,
          unchanged: full.evaluated - 1,
        }),
      );
      const result = await services.scorecards.entity(approver, WAIVED);
      expect(statuses(result)['catalog-on-call']).toBe('pass');

      const heatmap = await services.rollups.heatmap(approver);
      const products = await services.rollups.heatmap(
        approver,
        'group:default/products',
      );
      expect(products.rows.map(r => r.groupRef)).toEqual([
        'group:default/computer-vision',
        'group:default/conversational-ai',
        'group:default/products',
        'group:default/recommendations',
        'group:default/search-relevance',
      ]);
      expect(heatmap.rows.map(r => r.groupRef)).toContain('group:default/acme');
      const cv = products.rows.find(
        r => r.groupRef === 'group:default/computer-vision',
      )!;
      const owned = (await store.listEntities())
        .filter(e => e.ownerRef === 'group:default/computer-vision')
        .map(e => e.entityRef);
      expect(owned).toEqual(
        expect.arrayContaining([
          'component:default/vision-embedding-service',
          'component:default/vision-research-notebooks',
          'system:default/visual-search',
        ]),
      );
      expect(cv.scores.soc2.entities).toBe(owned.length);
      const productsRow = products.rows.find(
        r => r.groupRef === 'group:default/products',
      )!;
      expect(productsRow.scores.soc2.entities).toBeGreaterThan(
        cv.scores.soc2.entities,
      );

      const history = await services.history.history(
        approver,
        'group:default/computer-vision',
        30,
      );
      const soc2Days = history
        .filter(h => h.frameworkId === 'soc2')
        .map(h => h.day);
      expect(soc2Days).toEqual(['2026-11-22', '2026-11-23']);
      const [first, second] = history.filter(h => h.frameworkId === 'soc2');
      expect(second.score!).toBeGreaterThan(first.score!);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls a team up under its new parent group once the catalog moves it, on %p',
    async databaseId => {
      const { services, entities } = await setUp(databaseId);
      await services.evaluations.runFull();
      const soc2Entities = async (subjectRef: string) =>
        (await services.rollups.subject(approver, subjectRef)).find(
          r => r.frameworkId === 'soc2',
        )?.entities ?? 0;
      const rowsUnder = async (groupRef: string) =>
        (await services.rollups.heatmap(approver, groupRef)).rows.map(
          r => r.groupRef,
        );
      const CV = 'group:default/computer-vision';
      const cv = await soc2Entities(CV);
      const productsBefore = await soc2Entities('group:default/products');
      const infrastructureBefore = await soc2Entities(
        'group:default/infrastructure',
      );
      const acmeBefore = await soc2Entities('group:default/acme');
      expect(cv).toBeGreaterThan(0);
      expect(await rowsUnder('group:default/products')).toContain(CV);
      expect(await rowsUnder('group:default/infrastructure')).not.toContain(CV);

      // The catalog moves the team: spec.parent and the childOf relation,
      // in whatever case they were written.
      const team = entities.find(
        e => e.kind === 'Group' && e.metadata.name === 'computer-vision',
      )!;
      team.spec = { ...team.spec, parent: 'Infrastructure' };
      team.relations = [
        { type: 'childOf', targetRef: 'Group:Default/Infrastructure' },
      ];

      expect(await rowsUnder('group:default/products')).not.toContain(CV);
      expect(await rowsUnder('group:default/infrastructure')).toContain(CV);
      expect(await soc2Entities(CV)).toBe(cv);
      expect(await soc2Entities('group:default/products')).toBe(
        productsBefore - cv,
      );
      expect(await soc2Entities('group:default/infrastructure')).toBe(
        infrastructureBefore + cv,
      );
      // Both parents sit under acme: its roll-up keeps every entity.
      expect(await soc2Entities('group:default/acme')).toBe(acmeBefore);
    },
  );
});
