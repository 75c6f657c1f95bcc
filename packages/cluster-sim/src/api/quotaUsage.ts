/**
 * ResourceQuota accounting: what a namespace uses of each key a quota can
 * limit, and what one new object would add.
 */
import { formatQuantity } from './quantity';
import { ObjectStore } from './ObjectStore';
import { isTerminal, podLimits, podRequests } from './podResources';
import { findResourceByKind, RESOURCE_TYPES, ResourceType } from './resources';
import { KubeObject } from './types';

/** The object-count resource of a quota key (`count/jobs.batch`, `configmaps`), if it is one. */
function countedType(key: string): ResourceType | undefined {
  const name = key.startsWith('count/') ? key.slice('count/'.length) : key;
  const [plural, ...groupParts] = name.split('.');
  const group = groupParts.join('.');
  return RESOURCE_TYPES.find(
    r => r.plural === plural && r.group === group && r.namespaced,
  );
}

/** How much of quota key `key` one object uses. */
export function usageOf(key: string, obj: KubeObject): number {
  if (obj.kind === 'Pod') {
    if (isTerminal(obj)) return 0;
    if (key === 'pods' || key === 'count/pods') return 1;
    if (key.startsWith('requests.')) return podRequests(obj)[key.slice(9)] ?? 0;
    if (key.startsWith('limits.')) return podLimits(obj)[key.slice(7)] ?? 0;
    if (key === 'cpu' || key === 'memory') return podRequests(obj)[key] ?? 0;
  }
  const counted = countedType(key);
  if (counted && counted.kind === obj.kind && counted.group === groupOf(obj))
    return 1;
  return 0;
}

function groupOf(obj: KubeObject): string {
  return obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
}

/** Types whose objects a quota with these keys counts. */
function typesFor(keys: string[]): ResourceType[] {
  const types = new Set<ResourceType>();
  const pod = findResourceByKind('v1', 'Pod')!;
  for (const key of keys) {
    const counted = countedType(key);
    if (counted) types.add(counted);
    else types.add(pod);
  }
  return [...types];
}

/** Current usage in a namespace of each given key. */
export function namespaceUsage(
  store: ObjectStore,
  namespace: string,
  keys: string[],
): Record<string, number> {
  const used: Record<string, number> = Object.fromEntries(
    keys.map(k => [k, 0]),
  );
  for (const type of typesFor(keys)) {
    for (const obj of store.list(type, namespace)) {
      for (const key of keys) used[key] += usageOf(key, obj);
    }
  }
  return used;
}

const BINARY = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];

/** Formats usage as the quota controller does: memory in binary units when exact. */
export function formatUsage(key: string, value: number): string {
  if (/memory|storage/.test(key) && Number.isInteger(value) && value >= 1024) {
    let unit = -1;
    let scaled = value;
    while (scaled % 1024 === 0 && scaled >= 1024 && unit < BINARY.length - 1) {
      scaled /= 1024;
      unit++;
    }
    if (unit >= 0) return `${scaled}${BINARY[unit]}`;
  }
  return formatQuantity(value);
}
