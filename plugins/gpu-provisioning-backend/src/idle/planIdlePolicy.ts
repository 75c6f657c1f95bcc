import { formatMoney, parseMoney } from './idleMoney';
import { IdleGrant, IdlePolicyConfig, IdlePolicyReport } from './types';

const HOUR_MS = 3_600_000;

/** What the idle policy does to the grants now. */
export interface IdlePlan {
  /** Idle, not warned, not kept: warn the owners. */
  warn: IdleGrant[];
  /** Idle since before their warning, the grace period over, not kept: release. */
  release: IdleGrant[];
  /** Idle but kept by their owners until a later time: leave them. */
  kept: IdleGrant[];
  /** Warned, but busy since the warning: forget the warning. */
  busyAgain: IdleGrant[];
}

function isKept(grant: IdleGrant, now: Date): boolean {
  return (
    grant.keptUntil !== undefined && Date.parse(grant.keptUntil) > now.getTime()
  );
}

/**
 * The idle policy's decision for each grant, a pure function of the grants'
 * idle state, so the loop and the dry-run report decide alike. A grant whose
 * usage could not be read is left alone: unknown is never idle.
 */
export function planIdlePolicy(
  grants: IdleGrant[],
  policy: IdlePolicyConfig,
  now: Date,
): IdlePlan {
  const plan: IdlePlan = { warn: [], release: [], kept: [], busyAgain: [] };
  for (const grant of grants) {
    if (grant.usageError || !grant.idleSince) continue;
    const warnedAt = grant.warnedAt ? Date.parse(grant.warnedAt) : undefined;
    // Busy after the warning: the warning no longer speaks for this idleness.
    if (
      warnedAt !== undefined &&
      (!grant.idle || Date.parse(grant.idleSince) > warnedAt)
    ) {
      plan.busyAgain.push(grant);
      continue;
    }
    if (!grant.idle) continue;
    if (isKept(grant, now)) {
      plan.kept.push(grant);
    } else if (warnedAt === undefined) {
      plan.warn.push({
        ...grant,
        releaseAt: new Date(
          now.getTime() + policy.graceHours * HOUR_MS,
        ).toISOString(),
      });
    } else if (warnedAt + policy.graceHours * HOUR_MS <= now.getTime()) {
      plan.release.push(grant);
    }
  }
  return plan;
}

function perDay(grants: IdleGrant[]): bigint {
  return grants.reduce((sum, g) => sum + parseMoney(g.idleCostPerDay), 0n);
}

/** The dry-run report of a plan: what would be warned and released, and the saving. */
export function idlePolicyReport(options: {
  plan: IdlePlan;
  policy: IdlePolicyConfig;
  errors: IdlePolicyReport['errors'];
  now: Date;
}): IdlePolicyReport {
  const { plan, policy, errors, now } = options;
  return {
    generatedAt: now.toISOString(),
    policy: { ...policy },
    warn: plan.warn,
    release: plan.release,
    kept: plan.kept,
    savingPerDay: formatMoney(perDay(plan.release)),
    savingPerDayAfterGrace: formatMoney(
      perDay(plan.release) + perDay(plan.warn),
    ),
    errors,
  };
}
