import { costNanos } from '@ai-platform/plugin-ai-platform-common';
import {
  GpuRequest,
  hourlyRateOf,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { forEachConcurrently } from '../lifecycle/forEachConcurrently';
import { formatMoney, nanoPerHour } from './idleMoney';
import {
  GrantUsageSource,
  IdleGrant,
  IdlePolicyConfig,
  IdleState,
} from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Namespaces read from gpu-metrics at once. */
const CONCURRENCY = 4;

/** A cluster error of the answer: the cluster and what failed there. */
export interface UsageError {
  cluster: string;
  message: string;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An active grant's idle hours, what its GPUs cost per idle day and so far,
 * and where the idle policy stands with it. Idle since the later of its
 * start and the last busy GPU in its namespace; with no busy GPU in the
 * window read, since the window's start (nothing is assumed about earlier).
 */
export function describeIdleGrant(options: {
  request: GpuRequest;
  state: IdleState | undefined;
  usage: { lastBusyAt: string | null; windowStart: string } | Error;
  policy: IdlePolicyConfig;
  rules: Pick<RequestPolicyRules, 'gpuClasses'>;
  now: Date;
}): IdleGrant {
  const { request, state, usage, policy, now } = options;
  const rate = nanoPerHour(hourlyRateOf(request, options.rules));
  const activeSince = request.activeSince ?? request.createdAt;
  const grant: IdleGrant = {
    requestId: request.id,
    team: request.team,
    requestedBy: request.requestedBy,
    cluster: request.cluster,
    gpuClass: request.gpuClass,
    count: request.count,
    activeSince,
    expiresAt: request.expiresAt ?? activeSince,
    lastBusyAt: null,
    idleHours: 0,
    idle: false,
    hourlyRate: formatMoney(rate),
    idleCostPerDay: formatMoney(
      costNanos({ count: request.count, ratePerHourNanos: rate, ms: DAY_MS }),
    ),
    idleCost: formatMoney(0n),
  };
  if (request.entityRef) grant.entityRef = request.entityRef;
  if (request.namespace) grant.namespace = request.namespace;
  if (request.migProfile) grant.migProfile = request.migProfile;
  if (state?.warnedAt) {
    grant.warnedAt = state.warnedAt;
    grant.releaseAt = new Date(
      Date.parse(state.warnedAt) + policy.graceHours * HOUR_MS,
    ).toISOString();
  }
  if (state?.keptUntil) grant.keptUntil = state.keptUntil;
  if (state?.keptBy) grant.keptBy = state.keptBy;
  if (usage instanceof Error) {
    grant.usageError = usage.message;
    return grant;
  }
  const idleSince = Math.max(
    Date.parse(activeSince),
    Date.parse(usage.lastBusyAt ?? usage.windowStart),
  );
  const idleMs = Math.max(0, now.getTime() - idleSince);
  grant.lastBusyAt = usage.lastBusyAt;
  grant.idleSince = new Date(idleSince).toISOString();
  grant.idleHours = Math.floor(idleMs / (HOUR_MS / 100)) / 100;
  grant.idle = idleMs > policy.idleHours * HOUR_MS;
  grant.idleCost = formatMoney(
    costNanos({ count: request.count, ratePerHourNanos: rate, ms: idleMs }),
  );
  return grant;
}

/**
 * Reads the usage of every grant's namespace from `usage` and describes
 * each ({@link describeIdleGrant}), most idle first; a namespace that could
 * not be read is described with `usageError` and listed in `errors`.
 */
export async function assessIdleGrants(options: {
  grants: GpuRequest[];
  states: Map<string, IdleState>;
  usage: GrantUsageSource;
  policy: IdlePolicyConfig;
  rules: Pick<RequestPolicyRules, 'gpuClasses'>;
  now: Date;
}): Promise<{ items: IdleGrant[]; errors: UsageError[] }> {
  const { grants, states, now } = options;
  const source = options.usage.batch?.() ?? options.usage;
  const items: IdleGrant[] = [];
  const errors: UsageError[] = [];
  await forEachConcurrently(grants, CONCURRENCY, async request => {
    let usage: Parameters<typeof describeIdleGrant>[0]['usage'];
    if (!request.namespace) {
      usage = new Error('the grant has no namespace yet');
    } else {
      try {
        usage = await source.usage({
          cluster: request.cluster,
          namespace: request.namespace,
          since: new Date(request.activeSince ?? request.createdAt),
        });
      } catch (error) {
        usage = new Error(errorText(error));
        errors.push({
          cluster: request.cluster,
          message: `namespace ${request.namespace}: ${usage.message}`,
        });
      }
    }
    items.push(
      describeIdleGrant({
        request,
        state: states.get(request.id),
        usage,
        policy: options.policy,
        rules: options.rules,
        now,
      }),
    );
  });
  items.sort(
    (a, b) =>
      b.idleHours - a.idleHours || a.requestId.localeCompare(b.requestId),
  );
  return { items, errors };
}
