import { KubernetesObject } from '@kubernetes/client-node';
import { parseQuantity } from './parseQuantity';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(desired: unknown, live: unknown, path: string[]): boolean {
  if (isObject(desired)) {
    if (live === undefined && Object.keys(desired).length === 0) return true;
    if (!isObject(live)) return false;
    return Object.entries(desired).every(([k, v]) =>
      matches(v, live[k], [...path, k]),
    );
  }
  if (Array.isArray(desired)) {
    // The lists a grant sets (subjects, policyTypes) are atomic: someone
    // else's extra item is drift too.
    return (
      Array.isArray(live) &&
      live.length === desired.length &&
      desired.every((item, i) => matches(item, live[i], path))
    );
  }
  if (
    path[0] === 'spec' &&
    // ResourceQuota's hard limits, Volcano's queue capability.
    (path[1] === 'hard' || path[1] === 'capability') &&
    typeof desired === 'string' &&
    typeof live === 'string'
  ) {
    // The apiserver may write a quantity back in another form (`1k` for `1000`).
    const a = parseQuantity(desired);
    return a !== undefined && a === parseQuantity(live);
  }
  return desired === live;
}

/**
 * Whether every field a grant's object sets (labels, annotations and the
 * body outside `metadata` and `status`) has that value on the live object.
 * Fields others added beside them are not drift: server-side apply would
 * leave them too. Changed or removed values, and items others added to the
 * lists the grant sets, are.
 */
export function isAppliedIn(
  desired: KubernetesObject,
  live: KubernetesObject,
): boolean {
  const {
    metadata,
    apiVersion: _v,
    kind: _k,
    ...body
  } = desired as KubernetesObject & Record<string, unknown>;
  const liveBody = live as KubernetesObject & Record<string, unknown>;
  return (
    matches(metadata?.labels ?? {}, live.metadata?.labels ?? {}, ['labels']) &&
    matches(metadata?.annotations ?? {}, live.metadata?.annotations ?? {}, [
      'annotations',
    ]) &&
    Object.entries(body).every(([k, v]) => matches(v, liveBody[k], [k]))
  );
}
