import type {
  ServingConsumer,
  TokenCounts,
} from '@ai-platform/plugin-gpu-metrics-common';

/** A caller with its tokens and, when the cost plugin gave it, its cost. */
export interface ConsumerInput extends ServingConsumer {
  /** The caller's share of the server's GPU cost, a decimal string. */
  cost?: string;
}

/** Tokens without a caller and, when known, their cost. */
export interface UnattributedInput extends TokenCounts {
  cost?: string;
}

/** One row of "Who uses it". */
export interface ConsumerRow {
  id: string;
  caller: string;
  entityRef?: string;
  ownerRef?: string;
  inputTokens: number;
  outputTokens: number;
  tokens: number;
  /** The cost as a number for display and sorting; `undefined` without costs. */
  cost?: number;
  /** The exact decimal string the cost plugin gave. */
  costText?: string;
  /** The row's share, 0–1, of the cost when every row has one, else of tokens. */
  share: number;
  unattributed: boolean;
}

/** The rows and what their share is of. */
export interface ConsumerRows {
  rows: ConsumerRow[];
  shareOf: 'cost' | 'tokens';
}

/** The id of the unattributed row (no caller is named `''`). */
export const UNATTRIBUTED_ID = '';

/**
 * The callers and the unattributed tokens as rows, each with its share:
 * of the cost when every row has a cost and the total is above zero,
 * otherwise of the tokens. The unattributed row is kept when it has tokens
 * or cost, never dropped.
 */
export function consumerRows(
  consumers: ConsumerInput[],
  unattributed: UnattributedInput,
): ConsumerRows {
  const base = [
    ...consumers.map(c => ({ ...c, id: c.caller, unattributed: false })),
    ...(unattributed.inputTokens + unattributed.outputTokens > 0 ||
    Number(unattributed.cost ?? 0) > 0
      ? [
          {
            ...unattributed,
            id: UNATTRIBUTED_ID,
            caller: 'Unattributed',
            unattributed: true,
          },
        ]
      : []),
  ];
  const costs = base.map(r => (r.cost === undefined ? NaN : Number(r.cost)));
  const totalCost = costs.reduce((s, c) => s + c, 0);
  const shareOf =
    base.length > 0 && costs.every(Number.isFinite) && totalCost > 0
      ? 'cost'
      : 'tokens';
  const tokens = base.map(r => r.inputTokens + r.outputTokens);
  const totalTokens = tokens.reduce((s, t) => s + t, 0);
  const tokenShare = (i: number) =>
    totalTokens > 0 ? tokens[i] / totalTokens : 0;
  const rows = base.map((r, i) => ({
    id: r.id,
    caller: r.caller,
    entityRef: 'entityRef' in r ? r.entityRef : undefined,
    ownerRef: 'ownerRef' in r ? r.ownerRef : undefined,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    tokens: tokens[i],
    cost: Number.isFinite(costs[i]) ? costs[i] : undefined,
    costText: r.cost,
    share: shareOf === 'cost' ? costs[i] / totalCost : tokenShare(i),
    unattributed: r.unattributed,
  }));
  return { rows, shareOf };
}
