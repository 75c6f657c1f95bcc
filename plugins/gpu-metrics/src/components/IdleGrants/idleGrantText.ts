import { parseEntityRef } from '@backstage/catalog-model';
import { IdleGrant } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  formatCurrency,
  formatNumber,
  formatWeekdayTime,
} from '@ai-platform/plugin-ai-platform-react';

/** The name part of an entity ref: `group:default/ml-platform` → `ml-platform`. */
export function refName(ref: string | undefined): string {
  if (!ref) return '';
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** What a grant holds: `1 GPU`, `4 GPUs`, `3 MIG 1g.10gb instances`. */
export function formatGrantUnits(count: number, migProfile?: string): string {
  if (migProfile) {
    return `${count} MIG ${migProfile} instance${count === 1 ? '' : 's'}`;
  }
  return `${count} GPU${count === 1 ? '' : 's'}`;
}

/**
 * The grant as a person names it, used in buttons, dialogs and alerts:
 * `2 GPUs of ml-platform on gpu-a`.
 */
export function grantSubject(grant: IdleGrant): string {
  return `${formatGrantUnits(grant.count, grant.migProfile)} of ${refName(
    grant.team,
  )} on ${grant.cluster}`;
}

/** A money string of the backend (exact decimal) for display: `$12.50`. */
export function formatMoney(amount: string): string {
  // Display only: the backend computed the amount exactly.
  return formatCurrency(Number(amount));
}

/** Idle time: `30.5 h`; the backend gives hours to two decimals. */
export function formatIdleHours(hours: number): string {
  return `${formatNumber(hours)} h`;
}

/**
 * Where the idle policy stands with a grant, in one sentence: kept, warned
 * (and when it is released), idle past the policy, or in use.
 */
export function idleStateOf(grant: IdleGrant, now: number): string {
  if (grant.usageError) {
    return `Usage unknown: ${grant.usageError}`;
  }
  if (grant.keptUntil && new Date(grant.keptUntil).getTime() > now) {
    const by = grant.keptBy ? ` by ${refName(grant.keptBy)}` : '';
    return `Kept until ${formatWeekdayTime(grant.keptUntil)}${by}`;
  }
  if (grant.warnedAt) {
    const release = grant.releaseAt
      ? `; released ${formatWeekdayTime(grant.releaseAt)} unless kept or used`
      : '';
    return `Warned ${formatWeekdayTime(grant.warnedAt)}${release}`;
  }
  if (grant.idle) return 'Idle past the policy';
  return grant.idleHours > 0 ? 'Idle, within the policy' : 'In use';
}
