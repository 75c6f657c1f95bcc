import { Entity, RELATION_DEPENDENCY_OF } from '@backstage/catalog-model';
import type { ServerUnitCost } from '@ai-platform/plugin-cost-common';

/** A model's cheapest unit prices among the servers that serve it. */
export interface ModelUnitCost {
  /** The lowest cost per 1M input tokens, as the decimal string given. */
  inputText?: string;
  /** The lowest cost per 1M output tokens, as the decimal string given. */
  outputText?: string;
  /** The same as numbers, for sorting. */
  input?: number;
  output?: number;
  /** How many of the model's servers have prices. */
  servers: number;
}

const key = (ref: string) => ref.toLocaleLowerCase('en-US');

function cheapest(values: Array<string | null>): string | undefined {
  let best: string | undefined;
  for (const value of values) {
    if (value === null || !Number.isFinite(Number(value))) continue;
    if (best === undefined || Number(value) < Number(best)) best = value;
  }
  return best;
}

/**
 * Matches each model to the unit prices of the model servers that depend on
 * it (the servers' catalog entities, case-insensitively) and keeps the
 * lowest input and output price; a model without a priced server gets none.
 */
export function modelUnitCosts(
  models: Entity[],
  servers: ServerUnitCost[],
): Map<Entity, ModelUnitCost> {
  const byEntity = new Map<string, ServerUnitCost[]>();
  for (const server of servers) {
    if (!server.entityRef) continue;
    const list = byEntity.get(key(server.entityRef)) ?? [];
    list.push(server);
    byEntity.set(key(server.entityRef), list);
  }
  const result = new Map<Entity, ModelUnitCost>();
  for (const model of models) {
    const priced = (model.relations ?? [])
      .filter(r => r.type === RELATION_DEPENDENCY_OF)
      .flatMap(r => byEntity.get(key(r.targetRef)) ?? []);
    if (priced.length === 0) continue;
    const inputText = cheapest(priced.map(s => s.costPerMillionInputTokens));
    const outputText = cheapest(priced.map(s => s.costPerMillionOutputTokens));
    result.set(model, {
      inputText,
      outputText,
      input: inputText === undefined ? undefined : Number(inputText),
      output: outputText === undefined ? undefined : Number(outputText),
      servers: priced.length,
    });
  }
  return result;
}

/**
 * A table sort that keeps rows without a value last in either direction
 * (the table calls it with the rows swapped and `desc` when descending).
 */
export function missingLast<T>(value: (row: T) => number | undefined) {
  return (a: T, b: T, _type?: 'row' | 'group', direction?: 'asc' | 'desc') => {
    const x = value(a);
    const y = value(b);
    if (x === undefined && y === undefined) return 0;
    if (x === undefined) return direction === 'desc' ? -1 : 1;
    if (y === undefined) return direction === 'desc' ? 1 : -1;
    return x - y;
  };
}
