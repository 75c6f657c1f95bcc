import { RateCard } from '../config/rateCard';
import { ServingSplitRow } from '../database/types';
import { refKey } from '../service/CostSubjects';
import { priceGpuHours } from './priceGpuHours';
import { splitServingCost } from './splitServingCost';
import { ServingError, ServingServer } from './types';

/** The consuming "team" of tokens no team is known for. */
export const UNATTRIBUTED = 'unattributed';

/** How chargeback rows are split (FOCUS `x_SplitMethod`). */
export const SPLIT_METHOD_TOKENS = 'tokens';

/**
 * One server's GPU cost of `day`, split by tokens and summed per consuming
 * team: a caller's team is its catalog owner; callers without one and the
 * tokens the gateway names no caller for are `unattributed`. The rows add
 * up to the server's cost exactly (splitServingCost). A server without
 * cost yields no rows.
 */
export function chargebackRows(
  server: ServingServer,
  rateCard: RateCard,
  day: string,
): { rows: ServingSplitRow[]; unpriced: ServingError[] } {
  const priced = priceGpuHours(server.totals, rateCard, day);
  if (priced.gpuCostNanos === 0n)
    return { rows: [], unpriced: priced.unpriced };
  const split = splitServingCost(priced.gpuCostNanos, server);
  const byTeam = new Map<
    string,
    { inputTokens: bigint; outputTokens: bigint; costNanos: bigint }
  >();
  const add = (
    team: string,
    share: { inputTokens: bigint; outputTokens: bigint; costNanos: bigint },
  ) => {
    const sum = byTeam.get(team) ?? {
      inputTokens: 0n,
      outputTokens: 0n,
      costNanos: 0n,
    };
    byTeam.set(team, {
      inputTokens: sum.inputTokens + share.inputTokens,
      outputTokens: sum.outputTokens + share.outputTokens,
      costNanos: sum.costNanos + share.costNanos,
    });
  };
  server.consumers.forEach((consumer, i) =>
    add(
      consumer.ownerRef ? refKey(consumer.ownerRef) : UNATTRIBUTED,
      split.consumers[i],
    ),
  );
  add(UNATTRIBUTED, split.unattributed);
  const rows = [...byTeam.entries()]
    .filter(
      ([, share]) =>
        share.costNanos !== 0n || share.inputTokens + share.outputTokens > 0n,
    )
    .map(([consumerTeam, share]) => ({
      day,
      cluster: server.cluster,
      namespace: server.namespace,
      serverAddress: server.serverAddress,
      serverEntityRef: server.entityRef ? refKey(server.entityRef) : null,
      serverOwner: server.ownerRef ? refKey(server.ownerRef) : null,
      consumerTeam,
      ...share,
      serverCostNanos: priced.gpuCostNanos,
      currency: rateCard.currency,
      splitMethod: SPLIT_METHOD_TOKENS,
    }));
  return { rows, unpriced: priced.unpriced };
}
