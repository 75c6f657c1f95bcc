/**
 * `meta.k8s.io/v1` Tables, which `kubectl get` asks for and prints: the
 * apiserver's columns for the kinds people look at, NAME and AGE for the rest.
 */
import { KubeObject } from './types';

type Obj = Record<string, any>;

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date' | 'number';
  format: string;
  description: string;
  priority: number;
  cell: (o: KubeObject) => string | number;
}

/** Age as kubectl prints it: 45s, 12m, 3h4m, 5d. */
export function age(timestamp: string | undefined, now = Date.now()): string {
  if (!timestamp) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10)
    return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return `${hours}h${minutes % 60 ? `${minutes % 60}m` : ''}`;
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: o => o.metadata.name,
};
const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  format: '',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: o => age(o.metadata.creationTimestamp),
};
const col = (
  title: string,
  cell: Column['cell'],
  priority = 0,
  type: Column['type'] = 'string',
): Column => ({
  name: title,
  type,
  format: '',
  description: title,
  priority,
  cell,
});

function podReady(o: Obj): string {
  const statuses = (o.status?.containerStatuses ?? []) as Obj[];
  const total = (o.spec?.containers ?? []).length;
  return `${statuses.filter(s => s.ready).length}/${total}`;
}

function podStatus(o: Obj): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const waiting = (o.status?.containerStatuses ?? []).find(
    (s: Obj) => s.state?.waiting,
  );
  if (waiting) return waiting.state.waiting.reason;
  const terminated = (o.status?.containerStatuses ?? []).find(
    (s: Obj) => s.state?.terminated,
  );
  if (terminated && o.status?.phase !== 'Running')
    return terminated.state.terminated.reason;
  return o.status?.phase ?? 'Pending';
}

function nodeRoles(o: KubeObject): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter(k => k.startsWith('node-role.kubernetes.io/'))
    .map(k => k.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

function quotaPairs(o: Obj, prefix: (k: string) => boolean): string {
  const hard = o.status?.hard ?? o.spec?.hard ?? {};
  const used = o.status?.used ?? {};
  return Object.keys(hard)
    .filter(prefix)
    .sort()
    .map(k => `${k}: ${used[k] ?? '0'}/${hard[k]}`)
    .join(', ');
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    col('Ready', o => podReady(o)),
    col('Status', o => podStatus(o)),
    col(
      'Restarts',
      o =>
        ((o as Obj).status?.containerStatuses ?? []).reduce(
          (n: number, s: Obj) => n + (s.restartCount ?? 0),
          0,
        ),
      0,
      'integer',
    ),
    ageColumn,
    col('IP', o => (o as Obj).status?.podIP ?? '<none>', 1),
    col('Node', o => (o as Obj).spec?.nodeName ?? '<none>', 1),
  ],
  Node: [
    name,
    col('Status', o =>
      ((o as Obj).status?.conditions ?? []).some(
        (c: Obj) => c.type === 'Ready' && c.status === 'True',
      )
        ? 'Ready'
        : 'NotReady',
    ),
    col('Roles', o => nodeRoles(o)),
    ageColumn,
    col('Version', o => (o as Obj).status?.nodeInfo?.kubeletVersion ?? ''),
  ],
  Namespace: [
    name,
    col('Status', o => (o as Obj).status?.phase ?? 'Active'),
    ageColumn,
  ],
  Job: [
    name,
    col('Status', o => {
      const conditions = ((o as Obj).status?.conditions ?? []) as Obj[];
      if (conditions.some(c => c.type === 'Complete' && c.status === 'True'))
        return 'Complete';
      if (conditions.some(c => c.type === 'Failed' && c.status === 'True'))
        return 'Failed';
      if (conditions.some(c => c.type === 'Suspended' && c.status === 'True'))
        return 'Suspended';
      return 'Running';
    }),
    col(
      'Completions',
      o =>
        `${(o as Obj).status?.succeeded ?? 0}/${
          (o as Obj).spec?.completions ?? 1
        }`,
    ),
    col('Duration', o => age((o as Obj).status?.startTime)),
    ageColumn,
  ],
  ResourceQuota: [
    name,
    ageColumn,
    col('Request', o => quotaPairs(o, k => !k.startsWith('limits.'))),
    col('Limit', o => quotaPairs(o, k => k.startsWith('limits.'))),
  ],
};

/** A Table of objects, rows carrying partial object metadata as the server sends them. */
export function toTable(
  kind: string,
  objects: KubeObject[],
  resourceVersion: string,
) {
  const columns = COLUMNS[kind] ?? [name, { ...ageColumn, name: 'Age' }];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map(
      ({ cell: _cell, ...definition }) => definition,
    ),
    rows: objects.map(o => ({
      cells: columns.map(c => c.cell(o)),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      },
    })),
  };
}
