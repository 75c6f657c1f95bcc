import {
  FOCUS_TEST_COLUMNS,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { Entity } from '@backstage/catalog-model';
import { startSuiteBackend } from '../security/__testUtils__/startSuiteBackend';
import { DemoCatalog } from './__testUtils__/DemoCatalog';
import {
  FLEET_GPU_CLASSES,
  SuiteFleet,
  startSuiteFleet,
} from './__testUtils__/startSuiteFleet';
import { SuiteClient } from './__testUtils__/SuiteClient';
import { freshDatabase, suiteEngines } from './__testUtils__/suiteDatabases';

/**
 * Issue 14, "another moves a team under a new parent group and shows the
 * same roll-up in cost, GPU usage and compliance": the whole suite backend
 * over the demo organisation, billing, fleet and a compliance evaluation;
 * the catalog then moves one team under another group, and the Cost, GPU
 * usage and Compliance roll-ups of the old and new parents all follow, with
 * the same members.
 */

const TEAM = 'group:default/recommendations';
const OLD_PARENT = 'group:default/products';
const NEW_PARENT = 'group:default/applied-ml';

/** The new parent, an empty department until the team moves under it. */
const APPLIED_ML: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'applied-ml', title: 'Applied ML' },
  spec: { type: 'department', parent: 'acme', children: [] },
};

/**
 * How long the suite's shared Group tree (`CatalogGroupTree`, in every
 * family) reuses a read of the catalog: 60 s, not configurable.
 */
const GROUP_TREE_TTL_MS = 60_000;

/** The billing day of the FOCUS file the test uploads. */
const DAY = new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10);

/**
 * A FOCUS file with one usage line per workload component, tagged with the
 * component only: cost allocates each to its catalog owner at ingest.
 */
function focusFile(components: Entity[]): { csv: string; costs: number[] } {
  const periodStart = new Date(`${DAY.slice(0, 8)}01T00:00:00Z`);
  const periodEnd = new Date(periodStart);
  periodEnd.setUTCMonth(periodEnd.getUTCMonth() + 1);
  const costs = components.map((_, i) => 100 + 10 * i);
  const rows = components.map((component, i) =>
    focusTestRow({
      BilledCost: String(costs[i]),
      EffectiveCost: String(costs[i]),
      BillingPeriodStart: periodStart.toISOString(),
      BillingPeriodEnd: periodEnd.toISOString(),
      ChargePeriodStart: `${DAY}T00:00:00Z`,
      ChargePeriodEnd: `${DAY}T23:59:59Z`,
      Tags: JSON.stringify({
        'backstage.io/entity-ref': `component:default/${component.metadata.name}`,
      }),
    }),
  );
  // The columns this test has always uploaded: no SubAccountName.
  const columns = FOCUS_TEST_COLUMNS.filter(c => c !== 'SubAccountName');
  return { csv: focusCsv(rows, { columns }), costs };
}

/** One group's roll-up as each family reports it. */
interface RollUp {
  cost: { total: number; entities: string[] };
  usage: { gpusHeld: number; entities: string[] };
  compliance: Array<{
    frameworkId: string;
    score: number | null;
    entities: number;
  }>;
}

async function rollUpOf(api: SuiteClient, groupRef: string): Promise<RollUp> {
  const [cost, usage, compliance] = await Promise.all([
    api.get<{ total: number; series: Array<{ key: string; total: number }> }>(
      'cost',
      '/costs',
      { entityRef: groupRef, from: DAY, to: DAY, splitBy: 'entity' },
    ),
    api.get<{
      gpusHeld: number;
      entities: Array<{ entityRef: string }>;
    }>('gpu-metrics', '/group', { groupRef, window: '1h' }),
    api.get<{
      items: Array<{
        frameworkId: string;
        score: number | null;
        entities: number;
      }>;
    }>('compliance', '/subject', { subjectRef: groupRef }),
  ]);
  return {
    cost: {
      total: cost.total,
      entities: cost.series
        .filter(s => s.total > 0)
        .map(s => s.key.toLocaleLowerCase('en-US'))
        .sort(),
    },
    usage: {
      gpusHeld: usage.gpusHeld,
      entities: usage.entities
        .map(e => e.entityRef.toLocaleLowerCase('en-US'))
        .sort(),
    },
    compliance: compliance.items
      .map(({ frameworkId, score, entities }) => ({
        frameworkId,
        score,
        entities,
      }))
      .sort((a, b) => a.frameworkId.localeCompare(b.frameworkId)),
  };
}

describe('a team moved under a new parent group', () => {
  let fleet: SuiteFleet;

  beforeAll(async () => {
    fleet = await startSuiteFleet();
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each(suiteEngines())(
    'rolls up the same in cost, GPU usage and compliance (%s)',
    async engine => {
      const catalog = DemoCatalog.load(undefined, [APPLIED_ML]);
      const database = freshDatabase(engine, 'organisation');
      const suite = await startSuiteBackend({
        entities: catalog.entities,
        config: {
          backend: { database: database.config },
          kubernetes: fleet.kubernetesConfig(['gpu-prod', 'gpu-dev']),
          gpuProvisioning: { gpuClasses: FLEET_GPU_CLASSES },
          gpuMetrics: {
            prometheus: [{ cluster: '*', url: fleet.prometheus.url }],
            clusterLabel: 'cluster',
          },
        },
      });
      try {
        const api = new SuiteClient(suite.baseUrl);
        const teamMembers = catalog.ownedBy(TEAM);
        expect(teamMembers).toEqual([
          'component:default/recs-serving',
          'component:default/recs-two-tower-training',
        ]);

        // Billing for every workload, and a compliance evaluation.
        const components = catalog.entities.filter(
          e => e.kind === 'Component' && e.spec?.owner,
        );
        const billing = focusFile(components);
        await api.post('cost', '/ingest/upload', {
          query: { fileName: 'suite-focus.csv' },
          body: billing.csv,
          type: 'text/csv',
        });
        const teamCost = components.reduce(
          (sum, c, i) =>
            teamMembers.includes(`component:default/${c.metadata.name}`)
              ? sum + billing.costs[i]
              : sum,
          0,
        );
        await api.post('compliance', '/evaluations', {});

        const team = await rollUpOf(api, TEAM);
        // The team's own roll-up, the reference: every family counts its
        // two workloads.
        expect(team.cost).toEqual({ total: teamCost, entities: teamMembers });
        expect(team.usage.entities).toEqual(teamMembers);
        expect(team.usage.gpusHeld).toBeGreaterThan(0);
        expect(team.compliance.length).toBeGreaterThan(0);

        const before = {
          oldParent: await rollUpOf(api, OLD_PARENT),
          newParent: await rollUpOf(api, NEW_PARENT),
        };
        expect(before.newParent).toEqual({
          cost: { total: 0, entities: [] },
          usage: { gpusHeld: 0, entities: [] },
          compliance: [],
        });
        for (const member of teamMembers) {
          expect(before.oldParent.cost.entities).toContain(member);
          expect(before.oldParent.usage.entities).toContain(member);
        }

        // The catalog moves the team. The shared Group tree is refreshed by
        // time only (no catalog-change event yet), so the clock moves past
        // its cache instead of the test waiting a minute; without this the
        // three families still show the old tree.
        catalog.moveGroup(TEAM, NEW_PARENT);
        const now = Date.now.bind(Date);
        jest
          .spyOn(Date, 'now')
          .mockImplementation(() => now() + GROUP_TREE_TTL_MS + 1_000);

        const after = {
          oldParent: await rollUpOf(api, OLD_PARENT),
          newParent: await rollUpOf(api, NEW_PARENT),
        };

        // The new parent's roll-up is the team's, in all three families.
        expect(after.newParent.cost).toEqual(team.cost);
        expect(after.newParent.usage).toEqual(team.usage);
        expect(after.newParent.compliance).toEqual(team.compliance);

        // All three agree on who is in it: the team's workloads.
        expect(after.newParent.cost.entities).toEqual(teamMembers);
        expect(after.newParent.usage.entities).toEqual(teamMembers);
        // (Compliance reports counts per framework, not the entities.)
        expect(after.newParent.compliance.map(c => c.entities)).toEqual(
          after.newParent.compliance.map(() => teamMembers.length),
        );

        // And the old parent lost exactly the team.
        expect(after.oldParent.cost.total).toBeCloseTo(
          before.oldParent.cost.total - teamCost,
          6,
        );
        expect(after.oldParent.cost.entities).toEqual(
          before.oldParent.cost.entities.filter(e => !teamMembers.includes(e)),
        );
        expect(after.oldParent.usage.entities).toEqual(
          before.oldParent.usage.entities.filter(e => !teamMembers.includes(e)),
        );
        expect(after.oldParent.usage.gpusHeld).toBe(
          before.oldParent.usage.gpusHeld - team.usage.gpusHeld,
        );
        const entitiesOf = (r: RollUp, frameworkId: string) =>
          r.compliance.find(c => c.frameworkId === frameworkId)?.entities ?? 0;
        for (const { frameworkId, entities } of team.compliance) {
          expect(entitiesOf(after.oldParent, frameworkId)).toBe(
            entitiesOf(before.oldParent, frameworkId) - entities,
          );
        }

        // The compliance heat map of the organisation shows the new parent.
        const heatmap = await api.get<{ rows: Array<{ groupRef: string }> }>(
          'compliance',
          '/heatmap',
          { group: 'group:default/acme' },
        );
        expect(heatmap.rows.map(r => r.groupRef)).toContain(NEW_PARENT);
      } finally {
        await suite.stop();
        await database.cleanup();
      }
    },
    120_000,
  );
});
