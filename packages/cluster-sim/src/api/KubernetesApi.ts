import { randomUUID } from 'node:crypto';
import { ApiError, GroupResource, StatusCause } from './ApiError';
import { applyDefaults, applyIdentityDefaults } from './defaults';
import { recordUpdate, serverSideApply } from './managedFields';
import { ObjectStore } from './ObjectStore';
import {
  clone,
  isObject,
  jsonMergePatch,
  jsonPatch,
  strategicMerge,
} from './patch';
import { apiVersionOf, findResourceByKind, ResourceType } from './resources';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';
import { KubeObject, WatchEvent } from './types';
import { validateMetadata } from './validateMetadata';
import { FieldCause, validationFailureStatus } from '../schema';

/** Validates whole objects against their kind's OpenAPI schema. */
export interface ObjectValidator {
  validate(
    obj: unknown,
    options: { strictUnknownFields: boolean },
  ):
    | { valid: true; object?: Record<string, unknown> }
    | { valid: false; causes: StatusCause[] };
}

/** How the request asked for unknown fields to be treated. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Per-request options of a write. */
export interface WriteOptions {
  /** The field manager; defaults from the client's user agent as the apiserver does. */
  fieldManager?: string;
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  /** Server-side apply only: take over conflicting fields. */
  force?: boolean;
  subresource?: 'status';
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/**
 * An admission check: throws an ApiError to refuse the write. Runs after
 * validation and before the object is stored, like validating admission.
 */
export type AdmissionCheck = (request: {
  operation: Operation;
  type: ResourceType;
  object: KubeObject;
  oldObject?: KubeObject;
  subresource?: string;
}) => void;

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  dryRun?: boolean;
}

const gr = (type: ResourceType): GroupResource => ({
  group: type.group,
  plural: type.plural,
});

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function encodeContinue(lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 1, start: lastKey })).toString(
    'base64url',
  );
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed.v !== 1 || typeof parsed.start !== 'string')
      throw new Error('bad');
    return parsed.start;
  } catch {
    throw ApiError.badRequest(`continue key is not valid: ${token}`);
  }
}

/** JSON with sorted keys, so equal objects compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    isObject(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

/** An object with managedFields timestamps blanked, to spot no-op writes. */
function withoutFieldTimes(obj: KubeObject): string {
  return canonical({
    ...obj,
    metadata: {
      ...obj.metadata,
      managedFields: obj.metadata.managedFields?.map(f => ({ ...f, time: '' })),
    },
  });
}

/** Whether two objects differ outside metadata and status (what bumps generation). */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return JSON.stringify(rest);
  };
  return strip(a) !== strip(b);
}

/**
 * The apiserver's request handling without the HTTP: validation, defaulting,
 * admission, optimistic concurrency, patches, field management, deletion and
 * watches, over an {@link ObjectStore}.
 */
export class KubernetesApi {
  readonly store: ObjectStore;
  private readonly validator?: ObjectValidator;
  private readonly admission: AdmissionCheck[] = [];

  constructor(
    options: { store?: ObjectStore; validator?: ObjectValidator } = {},
  ) {
    this.store = options.store ?? new ObjectStore();
    this.validator = options.validator;
  }

  /** Adds a validating admission check. */
  addAdmissionCheck(check: AdmissionCheck): void {
    this.admission.push(check);
  }

  /** The object as a client of `version` sees it. */
  private present(
    type: ResourceType,
    version: string,
    obj: KubeObject,
  ): KubeObject {
    obj.apiVersion = apiVersionOf(type.group, version);
    obj.kind = type.kind;
    return obj;
  }

  get(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const obj = this.store.get(type, namespace, name);
    if (!obj) throw ApiError.notFound(gr(type), name);
    return this.present(type, version, obj);
  }

  list(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    options: ListOptions = {},
  ): ListResult {
    const labels = options.labelSelector
      ? parseLabelSelector(options.labelSelector)
      : [];
    const fields = options.fieldSelector
      ? parseFieldSelector(options.fieldSelector, type.kind)
      : [];
    const resourceVersion = this.store.resourceVersion;
    let items = this.store.list(
      type,
      namespace,
      o => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o),
    );
    const keyOf = (o: KubeObject) =>
      `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (options.continue) {
      const start = decodeContinue(options.continue);
      items = items.filter(o => keyOf(o) > start);
    }
    let next: string | undefined;
    let remaining: number | undefined;
    if (options.limit && options.limit > 0 && items.length > options.limit) {
      remaining = items.length - options.limit;
      items = items.slice(0, options.limit);
      next = encodeContinue(keyOf(items[items.length - 1]));
    }
    return {
      items: items.map(o => this.present(type, version, o)),
      resourceVersion,
      ...(next ? { continue: next, remainingItemCount: remaining } : {}),
    };
  }

  /** Checks the body's kind, apiVersion and namespace against the request. */
  private checkBody(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    body: unknown,
  ): KubeObject {
    if (!isObject(body)) {
      throw ApiError.badRequest(
        'the body of the request must be a JSON object',
      );
    }
    const expected = apiVersionOf(type.group, version);
    if (body.apiVersion !== undefined && body.apiVersion !== expected) {
      throw ApiError.badRequest(
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw ApiError.badRequest(
        `the kind in the data (${body.kind}) does not match the expected kind (${type.kind})`,
      );
    }
    const obj = clone(body) as unknown as KubeObject;
    obj.apiVersion = expected;
    obj.kind = type.kind;
    if (!isObject(obj.metadata)) obj.metadata = { name: '' };
    if (type.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
        throw ApiError.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = namespace;
    } else {
      delete obj.metadata.namespace;
    }
    return obj;
  }

  /**
   * Metadata and schema validation. Returns the object to store: without the
   * fields its schema does not declare, which the apiserver drops unless the
   * request asked for `fieldValidation=Strict` (then they are errors).
   */
  private validate(
    obj: KubeObject,
    fieldValidation: FieldValidation,
  ): KubeObject {
    const causes = validateMetadata(obj);
    let pruned = obj;
    if (this.validator) {
      const result = this.validator.validate(obj, {
        strictUnknownFields: fieldValidation === 'Strict',
      });
      if (!result.valid) causes.push(...result.causes);
      else if (result.object) pruned = result.object as KubeObject;
    }
    if (causes.length) {
      throw ApiError.fromStatus(
        validationFailureStatus({
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: obj.metadata.name,
          causes: causes as FieldCause[],
        }),
      );
    }
    return pruned;
  }

  private admit(request: Parameters<AdmissionCheck>[0]) {
    for (const check of this.admission) check(request);
  }

  create(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const obj = this.checkBody(type, version, namespace, body);
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${randomUUID().slice(
        0,
        5,
      )}`;
    }
    if (type.namespaced && namespace === undefined) {
      throw ApiError.badRequest(
        'the server could not find the requested resource',
      );
    }
    for (const k of [
      'uid',
      'resourceVersion',
      'creationTimestamp',
      'deletionTimestamp',
      'generation',
    ]) {
      delete obj.metadata[k];
    }
    applyDefaults(obj);
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = now();
    obj.metadata.generation = 1;
    applyIdentityDefaults(obj);
    if (!options.subresource)
      recordUpdate(undefined, obj, this.managerOptions(type, version, options));
    const stored = this.validate(obj, options.fieldValidation ?? 'Ignore');
    if (
      obj.metadata.name &&
      this.store.get(type, namespace, obj.metadata.name)
    ) {
      throw ApiError.alreadyExists(gr(type), obj.metadata.name);
    }
    this.admit({ operation: 'CREATE', type, object: stored });
    if (options.dryRun) return this.present(type, version, stored);
    return this.present(type, version, this.store.put(type, stored));
  }

  private managerOptions(
    type: ResourceType,
    version: string,
    options: WriteOptions,
  ) {
    return {
      kind: type.kind,
      apiVersion: apiVersionOf(type.group, version),
      manager: options.fieldManager ?? 'unknown',
      now: now(),
    };
  }

  /**
   * Replaces an object (or its status). A stale `resourceVersion` is a 409
   * Conflict; an empty one replaces unconditionally, as the apiserver allows.
   */
  update(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const incoming = this.checkBody(type, version, namespace, body);
    if (incoming.metadata.name && incoming.metadata.name !== name) {
      throw ApiError.badRequest(
        'the name of the object (' +
          `${incoming.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    incoming.metadata.name = name;
    const existing = this.store.get(type, namespace, name);
    if (!existing) {
      if (options.subresource) throw ApiError.notFound(gr(type), name);
      return this.create(type, version, namespace, incoming, options);
    }
    const rv = incoming.metadata.resourceVersion;
    if (rv && rv !== existing.metadata.resourceVersion) {
      throw ApiError.conflict(
        gr(type),
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    return this.replace(type, version, existing, incoming, options);
  }

  /** Stores `incoming` in place of `existing`, keeping server-owned metadata. */
  private replace(
    type: ResourceType,
    version: string,
    existing: KubeObject,
    incoming: KubeObject,
    options: WriteOptions,
  ): KubeObject {
    let next: KubeObject;
    if (options.subresource === 'status') {
      next = clone(existing);
      next.status = incoming.status;
    } else {
      next = incoming;
      if (type.hasStatus) next.status = existing.status;
      const kept = [
        'uid',
        'creationTimestamp',
        'deletionTimestamp',
        'generation',
      ];
      for (const k of kept) {
        if (existing.metadata[k] !== undefined)
          next.metadata[k] = existing.metadata[k];
      }
      next.metadata.managedFields = existing.metadata.managedFields;
      if (specChanged(existing, next)) {
        next.metadata.generation = (existing.metadata.generation ?? 1) + 1;
      }
      if (type.kind === 'Namespace') applyDefaults(next);
      recordUpdate(existing, next, this.managerOptions(type, version, options));
    }
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    next = this.validate(next, options.fieldValidation ?? 'Ignore');
    this.admit({
      operation: 'UPDATE',
      type,
      object: next,
      oldObject: existing,
      subresource: options.subresource,
    });
    if (options.dryRun) return this.present(type, version, next);
    return this.present(type, version, this.store.put(type, next));
  }

  patch(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const existing = this.store.get(type, namespace, name);
    const mediaType = contentType.split(';')[0].trim();
    if (
      mediaType === 'application/apply-patch+yaml' ||
      mediaType === 'application/apply-patch+json'
    ) {
      return this.apply(
        type,
        version,
        namespace,
        name,
        existing,
        patch,
        options,
      );
    }
    if (!existing) throw ApiError.notFound(gr(type), name);
    const current = this.present(type, version, clone(existing));
    let patched: unknown;
    switch (mediaType) {
      case 'application/merge-patch+json':
        patched = jsonMergePatch(current, patch);
        break;
      case 'application/json-patch+json':
        patched = jsonPatch(current, patch);
        break;
      case 'application/strategic-merge-patch+json':
        if (!type.builtIn) {
          throw ApiError.unsupportedMediaType(
            `${mediaType} (strategic merge patch is not supported for custom resources)`,
          );
        }
        patched = strategicMerge(type.kind, [], current, patch);
        break;
      default:
        throw ApiError.unsupportedMediaType(mediaType);
    }
    const next = this.checkBody(type, version, namespace, patched);
    if (next.metadata.name !== name) {
      throw ApiError.badRequest(
        'metadata.name: Invalid value: the name cannot be changed',
      );
    }
    const rv = next.metadata.resourceVersion;
    if (rv && rv !== existing.metadata.resourceVersion) {
      throw ApiError.conflict(
        gr(type),
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    return this.replace(type, version, existing, next, options);
  }

  private apply(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
    existing: KubeObject | undefined,
    patch: unknown,
    options: WriteOptions,
  ): KubeObject {
    if (!options.fieldManager) {
      throw ApiError.fromStatus(
        validationFailureStatus({
          apiVersion: 'meta.k8s.io/v1',
          kind: 'PatchOptions',
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: is required for apply patch',
              field: 'fieldManager',
            },
          ],
        }),
      );
    }
    const config = this.checkBody(type, version, namespace, patch);
    if (config.metadata.name !== name) {
      throw ApiError.badRequest(
        `the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    let merged = serverSideApply(
      existing ? this.present(type, version, existing) : undefined,
      config,
      {
        gr: gr(type),
        kind: type.kind,
        apiVersion: apiVersionOf(type.group, version),
        manager: options.fieldManager,
        force: options.force ?? false,
        now: now(),
      },
    );
    if (!existing) {
      const managed = merged.metadata.managedFields;
      applyDefaults(merged);
      merged.metadata.uid = randomUUID();
      merged.metadata.creationTimestamp = now();
      merged.metadata.generation = 1;
      merged.metadata.managedFields = managed;
      applyIdentityDefaults(merged);
      merged = this.validate(merged, options.fieldValidation ?? 'Strict');
      this.admit({ operation: 'CREATE', type, object: merged });
      if (options.dryRun) return this.present(type, version, merged);
      return this.present(type, version, this.store.put(type, merged));
    }
    for (const k of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'resourceVersion',
    ]) {
      if (existing.metadata[k] !== undefined)
        merged.metadata[k] = existing.metadata[k];
    }
    merged.metadata.generation =
      (existing.metadata.generation ?? 1) +
      (specChanged(existing, merged) ? 1 : 0);
    if (type.hasStatus) merged.status = existing.status;
    merged = this.validate(merged, options.fieldValidation ?? 'Strict');
    this.admit({
      operation: 'UPDATE',
      type,
      object: merged,
      oldObject: existing,
    });
    if (options.dryRun) return this.present(type, version, merged);
    // A no-op apply changes nothing, not even the managers' timestamps.
    if (withoutFieldTimes(merged) === withoutFieldTimes(existing)) {
      return this.present(type, version, existing);
    }
    return this.present(type, version, this.store.put(type, merged));
  }

  /**
   * Deletes an object. A namespace goes to `Terminating` and the namespace
   * controller empties and removes it; other objects go at once, and their
   * dependents with them unless orphaned.
   */
  delete(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): KubeObject {
    const existing = this.store.get(type, namespace, name);
    if (!existing) throw ApiError.notFound(gr(type), name);
    this.admit({ operation: 'DELETE', type, object: existing });
    if (options.dryRun) return this.present(type, version, existing);
    if (type.kind === 'Namespace') {
      if (!existing.metadata.deletionTimestamp) {
        existing.metadata.deletionTimestamp = now();
        existing.status = {
          ...(existing.status as object),
          phase: 'Terminating',
        };
        return this.present(type, version, this.store.put(type, existing));
      }
      return this.present(type, version, existing);
    }
    const removed = this.store.remove(type, namespace, name)!;
    const policy =
      options.propagationPolicy ??
      (type.kind === 'Job' ? 'Orphan' : 'Background');
    if (policy !== 'Orphan') this.collectDependents(removed);
    return this.present(type, version, removed);
  }

  /** Deletes objects whose ownerReferences name a deleted owner. */
  private collectDependents(owner: KubeObject) {
    const uid = owner.metadata.uid;
    for (const candidateType of [findResourceByKind('v1', 'Pod')!]) {
      for (const dependent of this.store.list(
        candidateType,
        owner.metadata.namespace,
      )) {
        if (dependent.metadata.ownerReferences?.some(ref => ref.uid === uid)) {
          this.store.remove(
            candidateType,
            dependent.metadata.namespace,
            dependent.metadata.name,
          );
        }
      }
    }
  }

  deleteCollection(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    options: ListOptions & DeleteOptions,
  ): ListResult {
    const { items } = this.list(type, version, namespace, {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    const deleted = items.map(o =>
      this.delete(
        type,
        version,
        o.metadata.namespace,
        o.metadata.name,
        options,
      ),
    );
    return { items: deleted, resourceVersion: this.store.resourceVersion };
  }

  /**
   * Watches objects of a type matching the selectors, from a resourceVersion
   * (or from now). Returns the function that stops the watch.
   */
  watch(
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    options: ListOptions & { resourceVersion?: string },
    listener: (event: WatchEvent) => void,
  ): () => void {
    const labels = options.labelSelector
      ? parseLabelSelector(options.labelSelector)
      : [];
    const fields = options.fieldSelector
      ? parseFieldSelector(options.fieldSelector, type.kind)
      : [];
    const matches = (o: KubeObject) =>
      (namespace === undefined || o.metadata.namespace === namespace) &&
      matchesLabels(labels, o.metadata.labels) &&
      matchesFields(fields, o);
    // Without a resourceVersion a watch starts with the current state, as ADDED events.
    if (!options.resourceVersion) {
      for (const o of this.store.list(type, namespace)) {
        if (matches(o))
          listener({ type: 'ADDED', object: this.present(type, version, o) });
      }
    }
    return this.store.watch(type, options.resourceVersion, event => {
      if (matches(event.object)) {
        listener({
          type: event.type,
          object: this.present(type, version, event.object),
        });
      }
    });
  }

  /**
   * Writes from the emulator's own controllers: status updates and objects
   * they create, checked and stored like any client's write.
   */
  controllerUpdateStatus(
    type: ResourceType,
    obj: KubeObject,
  ): KubeObject | undefined {
    const existing = this.store.get(
      type,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    if (!existing) return undefined;
    if (JSON.stringify(existing.status) === JSON.stringify(obj.status))
      return existing;
    return this.replace(type, type.versions[0], existing, obj, {
      subresource: 'status',
    });
  }

  /**
   * A controller's write of a whole object (spec and status), as the
   * scheduler's binding does: validated, field-managed, not admitted again.
   */
  controllerWrite(
    type: ResourceType,
    obj: KubeObject,
    manager: string,
  ): KubeObject | undefined {
    const existing = this.store.get(
      type,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    if (!existing) return undefined;
    const next = clone(obj);
    next.apiVersion = apiVersionOf(type.group, type.versions[0]);
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    next.metadata.managedFields = existing.metadata.managedFields;
    recordUpdate(existing, next, {
      kind: type.kind,
      apiVersion: next.apiVersion,
      manager,
      now: now(),
    });
    return this.store.put(type, this.validate(next, 'Ignore'));
  }

  /** Removes an object without admission or cascading (the namespace controller's final step). */
  controllerRemove(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): void {
    this.store.remove(type, namespace, name);
  }
}
