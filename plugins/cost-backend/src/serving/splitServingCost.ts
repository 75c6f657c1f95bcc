import {
  allocateLargestRemainder,
  divideRounded,
} from '@ai-platform/plugin-ai-platform-common';
import { ServingFigures } from './types';

/** What `method` says of every split: one sentence, shown beside the figures. */
export const SPLIT_METHOD =
  'The GPU cost (GPU-hours of the serving pods × the rate card) is split between input and output tokens by the share of prefill time (time to first token) and decode time (the rest of each request), each share divided by the tokens served gives the cost per 1M tokens, and each caller pays its input and output tokens at those prices; tokens the gateway names no caller for, or that did not pass the gateway, are unattributed.';

/** A caller's (or the unattributed) tokens and cost share, in nano-units. */
export interface TokenShare {
  inputTokens: bigint;
  outputTokens: bigint;
  costNanos: bigint;
}

/** A server's cost split into input and output tokens and among its callers. */
export interface ServingSplit {
  gpuCostNanos: bigint;
  inputCostNanos: bigint;
  outputCostNanos: bigint;
  /** Tokens served: the server's count, or the gateway's when it saw more. */
  inputTokens: bigint;
  outputTokens: bigint;
  /** Nano-units per 1M tokens (rounded half away from zero); null without tokens. */
  costPerMillionInputNanos: bigint | null;
  costPerMillionOutputNanos: bigint | null;
  /** In the order of `figures.consumers`. */
  consumers: TokenShare[];
  unattributed: TokenShare;
}

/** A measured token count as a whole number of tokens (never negative). */
export const wholeTokens = (n: number): bigint =>
  Number.isFinite(n) && n > 0 ? BigInt(Math.round(n)) : 0n;

/** Seconds as whole microseconds, the resolution the time shares use. */
const micros = (s: number): bigint =>
  Number.isFinite(s) && s > 0 ? BigInt(Math.round(s * 1e6)) : 0n;

/**
 * Splits a server's GPU cost (nano-units) exactly. Input and output shares
 * follow the prefill and decode time (by tokens when neither was measured).
 * A caller's exact share is its input tokens × the input cost per token +
 * its output tokens × the output cost per token; the parts are those shares
 * rounded by largest remainder, so the callers' and the unattributed parts
 * add up to `gpuCostNanos` to the nano-unit. Tokens the server served beyond
 * what the gateway attributed, and any share with no tokens to carry it,
 * are unattributed.
 */
export function splitServingCost(
  gpuCostNanos: bigint,
  figures: ServingFigures,
): ServingSplit {
  const callers = figures.consumers.map(c => ({
    inputTokens: wholeTokens(c.inputTokens),
    outputTokens: wholeTokens(c.outputTokens),
  }));
  const gatewayIn =
    callers.reduce((s, c) => s + c.inputTokens, 0n) +
    wholeTokens(figures.unattributed.inputTokens);
  const gatewayOut =
    callers.reduce((s, c) => s + c.outputTokens, 0n) +
    wholeTokens(figures.unattributed.outputTokens);
  const serverIn = wholeTokens(figures.totals.inputTokens);
  const serverOut = wholeTokens(figures.totals.outputTokens);
  const inputTokens = serverIn > gatewayIn ? serverIn : gatewayIn;
  const outputTokens = serverOut > gatewayOut ? serverOut : gatewayOut;
  const unattributedTokens = {
    inputTokens:
      wholeTokens(figures.unattributed.inputTokens) + (inputTokens - gatewayIn),
    outputTokens:
      wholeTokens(figures.unattributed.outputTokens) +
      (outputTokens - gatewayOut),
  };

  let prefill = micros(figures.totals.prefillSeconds);
  let decode = micros(figures.totals.decodeSeconds);
  if (prefill + decode === 0n) {
    prefill = inputTokens;
    decode = outputTokens;
  }
  const inputCostNanos =
    prefill + decode === 0n
      ? 0n
      : divideRounded(gpuCostNanos * prefill, prefill + decode);
  const outputCostNanos = gpuCostNanos - inputCostNanos;

  // Exact shares over the common denominator inputTokens × outputTokens
  // (1 for a side without tokens, whose cost nobody carries but the
  // unattributed).
  const inDen = inputTokens || 1n;
  const outDen = outputTokens || 1n;
  const parties = [...callers, unattributedTokens];
  const weights = parties.map(
    p =>
      inputCostNanos * p.inputTokens * outDen +
      outputCostNanos * p.outputTokens * inDen,
  );
  const last = weights.length - 1;
  if (inputTokens === 0n) weights[last] += inputCostNanos * inDen * outDen;
  if (outputTokens === 0n) weights[last] += outputCostNanos * inDen * outDen;
  const costs =
    gpuCostNanos === 0n || weights.every(w => w === 0n)
      ? weights.map(() => 0n)
      : allocateLargestRemainder(gpuCostNanos, weights);

  const perMillion = (cost: bigint, tokens: bigint) =>
    tokens === 0n ? null : divideRounded(cost * 1_000_000n, tokens);
  return {
    gpuCostNanos,
    inputCostNanos,
    outputCostNanos,
    inputTokens,
    outputTokens,
    costPerMillionInputNanos: perMillion(inputCostNanos, inputTokens),
    costPerMillionOutputNanos: perMillion(outputCostNanos, outputTokens),
    consumers: callers.map((c, i) => ({ ...c, costNanos: costs[i] })),
    unattributed: { ...unattributedTokens, costNanos: costs[last] },
  };
}
