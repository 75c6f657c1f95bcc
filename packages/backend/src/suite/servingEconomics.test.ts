import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSuiteBackend } from '../security/__testUtils__/startSuiteBackend';
import { DemoCatalog } from './__testUtils__/DemoCatalog';
import { FLEET_GPU_CLASSES, SuiteFleet } from './__testUtils__/startSuiteFleet';
import { startServingFleet } from './__testUtils__/startServingFleet';
import { SuiteClient } from './__testUtils__/SuiteClient';
import { freshDatabase } from './__testUtils__/suiteDatabases';

/**
 * Issue 19 end to end: the whole suite backend over the simulated fleet,
 * with vLLM, AI gateway and DCGM history in a real Prometheus. The cost
 * plugin prices a model server from what gpu-metrics answers over HTTP
 * (with its own service token), and the GPU provisioning plugin reads a
 * grant's namespace usage from gpu-metrics the same way. Expected figures
 * are computed here from gpu-metrics' own answers and the rate card, in
 * integer nano-units as the cost plugin computes them.
 */

jest.setTimeout(180_000);

const SERVER = 'component:default/shared-llm-inference';
/** Owner of SERVER is ml-platform; the guest is a member of it. */
const MEMBER = 'user:default/guest';
/** A member of gpu-infrastructure, configured below as a fleet viewer. */
const FLEET_VIEWER = 'user:default/gina.gpu';

const RATE_CARD_FILE = resolve(
  __dirname,
  '../../../../demo/billing/rate-card.json',
);

/** A type, not an interface, so a rate card is plain JSON for the config. */
type Rate = {
  cluster: string;
  gpuClass: string;
  migProfile?: string;
  hourlyRate: number;
  effectiveFrom: string;
  effectiveTo?: string;
};

/** The demo rate card (whole GPUs only: MIG rates are derived). */
function demoRateCard(): { currency: string; rates: Rate[] } {
  const { $schema: _schema, ...card } = JSON.parse(
    readFileSync(RATE_CARD_FILE, 'utf8'),
  );
  return card;
}

// --- exact money, independent of the cost plugin's own helpers -------------

const NANOS = 1_000_000_000n;

/** A plain decimal (`4.5`, `-0.000000001`, `12`) as integer nano-units. */
function toNanos(decimal: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,9}))?$/.exec(decimal);
  if (!match) throw new Error(`not a decimal of at most 9 places: ${decimal}`);
  const [, sign, whole, fraction = ''] = match;
  const nanos = BigInt(whole) * NANOS + BigInt(fraction.padEnd(9, '0'));
  return sign ? -nanos : nanos;
}

/** `value / divisor` rounded half away from zero (divisor > 0). */
function divideRounded(value: bigint, divisor: bigint): bigint {
  const half = divisor / 2n;
  return value < 0n ? -((-value + half) / divisor) : (value + half) / divisor;
}

/** The hourly rate of a whole GPU: the exact cluster first, then `*`. */
function rateOf(
  card: { rates: Rate[] },
  cluster: string,
  gpuClass: string,
  day: string,
): number {
  const applies = (r: Rate) =>
    r.gpuClass === gpuClass &&
    !r.migProfile &&
    r.effectiveFrom <= day &&
    (!r.effectiveTo || day < r.effectiveTo);
  const found =
    card.rates.find(r => applies(r) && r.cluster === cluster) ??
    card.rates.find(r => applies(r) && r.cluster === '*');
  if (!found) throw new Error(`no rate for ${gpuClass} on ${cluster}`);
  return found.hourlyRate;
}

/** A MIG instance's share of its GPU: compute slices over the GPU's 7. */
function migShare(profile: string | null): [bigint, bigint] {
  if (!profile) return [1n, 1n];
  const slices = /^(\d)g\./.exec(profile);
  if (!slices) throw new Error(`unexpected MIG profile ${profile}`);
  return [BigInt(slices[1]), 7n];
}

// --- the answers' shapes (the parts read here) -----------------------------

interface GpuHours {
  cluster: string;
  gpuClass: string | null;
  migProfile: string | null;
  modelName: string;
  hours: number;
}

interface Tokens {
  inputTokens: number;
  outputTokens: number;
}

interface ServingUsage {
  entityRef: string;
  window: string;
  servers: Array<{ cluster: string; namespace: string; gpus: number }>;
  totals: Tokens & {
    prefillSeconds: number;
    decodeSeconds: number;
    gpuHours: GpuHours[];
  };
  consumers: Array<
    Tokens & { caller: string; entityRef?: string; ownerRef?: string }
  >;
  unattributed: Tokens;
  errors: unknown[];
}

interface ServingCosts {
  entityRef: string;
  window: string;
  currency: string;
  gpuCost: string;
  usedGpuCost: string;
  inputTokens: number;
  outputTokens: number;
  consumersVisible: boolean;
  consumers: Array<
    Tokens & {
      caller: string;
      entityRef?: string;
      ownerRef?: string;
      cost: string;
    }
  >;
  unattributed: Tokens & { cost: string };
  errors: unknown[];
}

interface IdleGrant {
  requestId: string;
  namespace?: string;
  cluster: string;
  count: number;
  activeSince: string;
  lastBusyAt: string | null;
  idleSince?: string;
  idleHours: number;
  usageError?: string;
}

describe('serving economics through the real gpu-metrics backend', () => {
  let fleet: SuiteFleet;
  let suite: Awaited<ReturnType<typeof startSuiteBackend>>;
  let database: ReturnType<typeof freshDatabase>;
  const rateCard = demoRateCard();

  beforeAll(async () => {
    fleet = await startServingFleet({ hours: 2 });
    database = freshDatabase('sqlite', 'serving');
    suite = await startSuiteBackend({
      entities: DemoCatalog.load().entities,
      config: {
        backend: { database: database.config },
        kubernetes: fleet.kubernetesConfig(['gpu-prod', 'gpu-dev']),
        gpuProvisioning: {
          gpuClasses: FLEET_GPU_CLASSES,
          policy: {
            maxDurationHours: 720,
            approvalThresholdGpuHours: 200,
            defaultQuota: { h100: 8 },
          },
          approvers: ['group:default/platform-engineering'],
        },
        gpuMetrics: {
          prometheus: [{ cluster: '*', url: fleet.prometheus.url }],
          clusterLabel: 'cluster',
          fleetViewers: ['group:default/gpu-infrastructure'],
        },
        cost: { gpu: { rateCard } },
        modelCatalog: { kserve: { enabled: false }, registries: [] },
      },
    });
  }, 150_000);

  afterAll(async () => {
    await suite?.stop();
    await database?.cleanup();
    await fleet?.stop();
  });

  it("prices the shared LLM server's GPU-hours with the rate card and splits them among its callers exactly", async () => {
    const api = new SuiteClient(suite.baseUrl, MEMBER);
    const query = { entityRef: SERVER, window: '1h' };
    const usage = () => api.get<ServingUsage>('gpu-metrics', '/serving', query);

    // The window ends on a step boundary: gpu-metrics answering the same
    // before and after the cost call means the cost plugin read the same.
    let serving: ServingUsage | undefined;
    let costs: ServingCosts | undefined;
    for (let attempt = 0; attempt < 3 && !costs; attempt++) {
      const before = await usage();
      const answer = await api.get<ServingCosts>(
        'cost',
        '/serving-costs',
        query,
      );
      const after = await usage();
      if (JSON.stringify(before) === JSON.stringify(after)) {
        serving = before;
        costs = answer;
      }
    }
    if (!serving || !costs) {
      throw new Error('gpu-metrics changed across every cost call');
    }

    expect(serving.errors).toEqual([]);
    expect(costs.errors).toEqual([]);
    expect(costs.currency).toBe(rateCard.currency);
    expect(costs.consumersVisible).toBe(true);
    // The history holds the server's pods, their GPUs and callers.
    expect(serving.servers.length).toBeGreaterThan(0);
    expect(serving.totals.gpuHours.length).toBeGreaterThan(0);
    expect(serving.consumers.length).toBeGreaterThan(0);

    // gpuCost = Σ hours × the class's rate (× the MIG share), each entry
    // as whole milliseconds × rate ÷ 1 h rounded once.
    const day = new Date().toISOString().slice(0, 10);
    let expectedNanos = 0n;
    for (const entry of serving.totals.gpuHours) {
      // Every serving GPU is of a configured class, so the rate card prices it.
      expect(FLEET_GPU_CLASSES.map(c => c.id)).toContain(entry.gpuClass);
      const rateNanos = toNanos(
        String(rateOf(rateCard, entry.cluster, entry.gpuClass!, day)),
      );
      const [numerator, denominator] = migShare(entry.migProfile);
      const ms = BigInt(Math.round(entry.hours * 3_600_000));
      expectedNanos += divideRounded(
        ms * rateNanos * numerator,
        3_600_000n * denominator,
      );
    }
    expect(expectedNanos).toBeGreaterThan(0n);
    expect(toNanos(costs.gpuCost)).toBe(expectedNanos);
    expect(toNanos(costs.usedGpuCost)).toBeLessThanOrEqual(expectedNanos);

    // Callers and the unattributed rest add up to the GPU cost to the nano.
    const split =
      costs.consumers.reduce((sum, c) => sum + toNanos(c.cost), 0n) +
      toNanos(costs.unattributed.cost);
    expect(split).toBe(toNanos(costs.gpuCost));

    // Each caller's tokens are gpu-metrics' gateway tokens for it (whole).
    const whole = (t: Tokens) => ({
      inputTokens: Math.round(t.inputTokens),
      outputTokens: Math.round(t.outputTokens),
    });
    expect(
      costs.consumers.map(({ caller, entityRef, ownerRef, ...t }) => ({
        caller,
        entityRef,
        ownerRef,
        ...whole(t),
      })),
    ).toEqual(
      serving.consumers.map(({ caller, entityRef, ownerRef, ...t }) => ({
        caller,
        entityRef,
        ownerRef,
        ...whole(t),
      })),
    );

    // Served tokens: the larger of vLLM's and the gateway's count; what the
    // gateway did not name a caller for is unattributed.
    const gateway = [...serving.consumers, serving.unattributed]
      .map(whole)
      .reduce((a, b) => ({
        inputTokens: a.inputTokens + b.inputTokens,
        outputTokens: a.outputTokens + b.outputTokens,
      }));
    const served = {
      inputTokens: Math.max(
        Math.round(serving.totals.inputTokens),
        gateway.inputTokens,
      ),
      outputTokens: Math.max(
        Math.round(serving.totals.outputTokens),
        gateway.outputTokens,
      ),
    };
    expect({
      inputTokens: costs.inputTokens,
      outputTokens: costs.outputTokens,
    }).toEqual(served);
    const named = whole(serving.unattributed);
    expect({
      inputTokens: costs.unattributed.inputTokens,
      outputTokens: costs.unattributed.outputTokens,
    }).toEqual({
      inputTokens: named.inputTokens + served.inputTokens - gateway.inputTokens,
      outputTokens:
        named.outputTokens + served.outputTokens - gateway.outputTokens,
    });
  });

  it("lists a new grant as idle from its namespace's usage read over HTTP", async () => {
    const api = new SuiteClient(suite.baseUrl, MEMBER);
    const grant = await api.post<{
      id: string;
      status: string;
      namespace?: string;
    }>('gpu-provisioning', '/requests', {
      body: JSON.stringify({
        team: 'group:default/conversational-ai',
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        count: 1,
        durationHours: 8,
        purpose: 'inference',
        dataClassification: 'internal',
        justification: 'Trying the assistant on a larger model',
      }),
    });
    expect(grant.status).toBe('active');
    expect(grant.namespace).toMatch(/^gpu-conversational-ai-[0-9a-f]{8}$/);

    const list = await api.get<{ items: IdleGrant[]; errors: unknown[] }>(
      'gpu-provisioning',
      '/idle-grants',
    );
    expect(list.errors).toEqual([]);
    const item = list.items.find(i => i.requestId === grant.id);
    expect(item!.usageError).toBeUndefined();
    expect(item).toMatchObject({
      cluster: 'gpu-prod',
      namespace: grant.namespace,
      count: 1,
    });

    // What gpu-metrics answers for the namespace, asked as a fleet viewer:
    // the grant's last busy time is gpu-metrics' (none in a new namespace).
    const namespaceUsage = await new SuiteClient(
      suite.baseUrl,
      FLEET_VIEWER,
    ).get<{ lastBusyAt: string | null; busyGpuHours: number }>(
      'gpu-metrics',
      '/namespace-usage',
      { cluster: 'gpu-prod', namespace: grant.namespace!, window: '7d' },
    );
    expect(item!.lastBusyAt).toBe(namespaceUsage.lastBusyAt);
    // Idle since it became active, as nothing was busy since.
    const idleSince = namespaceUsage.lastBusyAt ?? item!.activeSince;
    expect(Date.parse(item!.idleSince!)).toBe(
      Math.max(Date.parse(item!.activeSince), Date.parse(idleSince)),
    );
    expect(item!.idleHours).toBeGreaterThanOrEqual(0);
    expect(item!.idleHours).toBeLessThan(1);
  });
});
