import { ApiError } from '../ApiError';
import { AdmissionCheck } from '../KubernetesApi';
import { ObjectStore } from '../ObjectStore';
import { parseQuantity } from '../quantity';
import { formatUsage, namespaceUsage, usageOf } from '../quotaUsage';
import { findResourceByKind } from '../resources';
import { KubeObject } from '../types';

type Hard = Record<string, string | number>;

/** Containers that lack a request or limit the quota tracks for cpu or memory. */
function missingComputeResources(pod: KubeObject, keys: string[]): string[] {
  const containers =
    (pod.spec as { containers?: Array<{ name: string; resources?: any }> })
      ?.containers ?? [];
  const missing: string[] = [];
  for (const key of keys
    .filter(k => /^(requests|limits)\.(cpu|memory)$|^(cpu|memory)$/.test(k))
    .sort()) {
    const [field, resource] = key.includes('.')
      ? key.split('.')
      : ['requests', key];
    const lacking = containers.filter(
      c => c.resources?.[field]?.[resource] === undefined,
    );
    if (lacking.length) {
      missing.push(
        `${field}.${resource} for: ${lacking.map(c => c.name).join(',')}`,
      );
    }
  }
  return missing;
}

/**
 * The ResourceQuota admission plugin: refuses a pod (or counted object) that
 * would take a namespace over any quota, with the apiserver's 403 message.
 * Storage is synchronous, so checking and admitting cannot interleave.
 */
export function resourceQuota(store: ObjectStore): AdmissionCheck {
  const quotas = findResourceByKind('v1', 'ResourceQuota')!;
  return ({ operation, type, object, oldObject }) => {
    if (operation === 'DELETE' || !type.namespaced) return;
    if (operation === 'UPDATE' && object.kind !== 'Pod') return;
    const namespace = object.metadata.namespace!;
    for (const quota of store.list(quotas, namespace)) {
      const hard = ((quota.spec as { hard?: Hard })?.hard ?? {}) as Hard;
      const keys = Object.keys(hard);
      const deltas = keys
        .map(key => ({
          key,
          delta:
            usageOf(key, object) - (oldObject ? usageOf(key, oldObject) : 0),
        }))
        .filter(d => d.delta > 0);
      if (deltas.length === 0) continue;
      if (object.kind === 'Pod' && operation === 'CREATE') {
        const missing = missingComputeResources(object, keys);
        if (missing.length) {
          throw ApiError.forbidden(
            { group: type.group, plural: type.plural },
            object.metadata.name,
            `failed quota: ${quota.metadata.name}: must specify ${missing.join(
              '; ',
            )}`,
          );
        }
      }
      const used = namespaceUsage(
        store,
        namespace,
        deltas.map(d => d.key),
      );
      const exceeded = deltas
        .filter(d => used[d.key] + d.delta > parseQuantity(hard[d.key]))
        .sort((a, b) => a.key.localeCompare(b.key));
      if (exceeded.length) {
        const list = (f: (d: { key: string; delta: number }) => string) =>
          exceeded.map(d => `${d.key}=${f(d)}`).join(',');
        throw ApiError.forbidden(
          { group: type.group, plural: type.plural },
          object.metadata.name,
          `exceeded quota: ${quota.metadata.name}, requested: ${list(d =>
            formatUsage(d.key, d.delta),
          )}, used: ${list(d =>
            formatUsage(d.key, used[d.key]),
          )}, limited: ${list(d => String(hard[d.key]))}`,
        );
      }
    }
  };
}
