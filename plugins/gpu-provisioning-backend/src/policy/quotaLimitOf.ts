/** Quotas as configured: per team (keyed by `entityRefKey`) and the default, per quota key. */
export interface QuotaRules {
  teamQuotas: Record<string, Record<string, number>>;
  defaultQuota: Record<string, number>;
}

/** A team's quota for a quota key (`h100`, `a100/1g.10gb`): its own, else the default, else none. */
export function quotaLimitOf(
  rules: QuotaRules,
  team: string,
  quotaKey: string,
): number {
  return (
    rules.teamQuotas[team]?.[quotaKey] ?? rules.defaultQuota[quotaKey] ?? 0
  );
}
