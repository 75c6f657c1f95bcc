import { ApiError } from './ApiError';
import { clone } from './patch';
import { ResourceType } from './resources';
import { KubeObject, WatchEvent } from './types';

type Listener = (event: WatchEvent) => void;

/**
 * Every stored object by resource (`<plural>.<group>`, or `<plural>` for the
 * core group) and the store's revision: what survives a restart.
 */
export interface StoreSnapshot {
  resourceVersion: number;
  objects: Record<string, KubeObject[]>;
}

interface LoggedEvent {
  resourceVersion: number;
  resource: string;
  event: WatchEvent;
}

/** How many past events a watch can resume from, like etcd's compaction window. */
const HISTORY_LIMIT = 20_000;

function resourceKey(type: ResourceType): string {
  return `${type.group}/${type.plural}`;
}

/** The name kubectl gives a resource: `pods`, `jobs.batch`. */
export function qualifiedResourceName(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/**
 * In-memory storage of every object, with one global, increasing
 * resourceVersion (as etcd's revision) and a bounded event history so that
 * watches can resume from a resourceVersion.
 */
export class ObjectStore {
  private revision = 0;
  /** Watches cannot resume from before this revision: the events before a restore are gone. */
  private compactedRevision = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: LoggedEvent[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly changeListeners = new Set<() => void>();

  /**
   * A store holding a snapshot's objects at its revision, as etcd after a
   * restart: the next write continues from the revision, and watches from
   * before it get 410 Gone (their events were not kept), so clients re-list.
   */
  static restore(
    snapshot: StoreSnapshot,
    types: readonly ResourceType[],
  ): ObjectStore {
    const store = new ObjectStore();
    const byName = new Map(types.map(t => [qualifiedResourceName(t), t]));
    for (const [name, items] of Object.entries(snapshot.objects)) {
      const type = byName.get(name);
      if (!type) throw new Error(`unknown resource ${name}`);
      const bucket = store.bucket(type);
      for (const obj of items) {
        bucket.set(
          objectKey(obj.metadata.namespace, obj.metadata.name),
          clone(obj),
        );
      }
    }
    store.revision = snapshot.resourceVersion;
    store.compactedRevision = snapshot.resourceVersion;
    return store;
  }

  /** Every object and the revision, for saving; see {@link ObjectStore.restore}. */
  snapshot(types: readonly ResourceType[]): StoreSnapshot {
    const objects: Record<string, KubeObject[]> = {};
    for (const type of types) {
      const items = this.list(type);
      if (items.length) objects[qualifiedResourceName(type)] = items;
    }
    return { resourceVersion: this.revision, objects };
  }

  /** Calls `listener` after every change of any object; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** The store's current resourceVersion. */
  get resourceVersion(): string {
    return String(this.revision);
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    const k = resourceKey(type);
    let bucket = this.objects.get(k);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(k, bucket);
    }
    return bucket;
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return clone(this.bucket(type).get(objectKey(namespace, name)));
  }

  /**
   * Objects of a type, in one namespace or all, sorted by namespace and name;
   * `match` filters before copying, so selective lists stay cheap.
   */
  list(
    type: ResourceType,
    namespace?: string,
    match?: (obj: KubeObject) => boolean,
  ): KubeObject[] {
    const items = [...this.bucket(type).entries()]
      .filter(
        ([, o]) =>
          (namespace === undefined || o.metadata.namespace === namespace) &&
          (!match || match(o)),
      )
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, o]) => o);
    return clone(items);
  }

  /** Stores an object under a new resourceVersion and tells watchers. */
  put(type: ResourceType, obj: KubeObject): KubeObject {
    const bucket = this.bucket(type);
    const k = objectKey(obj.metadata.namespace, obj.metadata.name);
    const eventType = bucket.has(k) ? 'MODIFIED' : 'ADDED';
    const stored = clone(obj);
    stored.metadata.resourceVersion = String(++this.revision);
    bucket.set(k, stored);
    this.emit(type, { type: eventType, object: stored });
    return clone(stored);
  }

  /** Removes an object and tells watchers; returns it as it was last stored. */
  remove(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const bucket = this.bucket(type);
    const k = objectKey(namespace, name);
    const existing = bucket.get(k);
    if (!existing) return undefined;
    bucket.delete(k);
    const deleted = clone(existing);
    deleted.metadata.resourceVersion = String(++this.revision);
    this.emit(type, { type: 'DELETED', object: deleted });
    return clone(deleted);
  }

  private emit(type: ResourceType, event: WatchEvent) {
    const resource = resourceKey(type);
    this.history.push({
      resourceVersion: this.revision,
      resource,
      event: clone(event),
    });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    for (const listener of this.listeners.get(resource) ?? []) {
      listener(clone(event));
    }
    for (const listener of this.changeListeners) listener();
  }

  /**
   * Watches a type from a resourceVersion: events after it are replayed, then
   * live ones follow. Throws 410 Gone when the history no longer reaches back.
   */
  watch(
    type: ResourceType,
    fromResourceVersion: string | undefined,
    listener: Listener,
  ): () => void {
    const resource = resourceKey(type);
    if (fromResourceVersion && fromResourceVersion !== '0') {
      const from = Number(fromResourceVersion);
      if (!Number.isInteger(from) || from < 0) {
        throw ApiError.badRequest(
          `invalid resource version: ${fromResourceVersion}`,
        );
      }
      const oldest = this.history[0]?.resourceVersion ?? this.revision + 1;
      if (from < oldest - 1 && this.history.length >= HISTORY_LIMIT) {
        throw ApiError.gone(
          `too old resource version: ${from} (${oldest - 1})`,
        );
      }
      if (from < this.compactedRevision) {
        throw ApiError.gone(
          `too old resource version: ${from} (${this.compactedRevision})`,
        );
      }
      for (const logged of this.history) {
        if (logged.resource === resource && logged.resourceVersion > from) {
          listener(clone(logged.event));
        }
      }
    }
    let set = this.listeners.get(resource);
    if (!set) {
      set = new Set();
      this.listeners.set(resource, set);
    }
    set.add(listener);
    return () => set!.delete(listener);
  }

  /** Every stored object of every type, for whole-store checks in tests. */
  allObjects(): KubeObject[] {
    return clone([...this.objects.values()].flatMap(b => [...b.values()]));
  }
}
