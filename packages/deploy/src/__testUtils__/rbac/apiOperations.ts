import type { SchemaValidation } from '@ai-platform/cluster-sim';
import { Permission } from './types';

/** One operation of a group-version's OpenAPI document. */
interface Operation {
  operationId?: string;
  tags?: string[];
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; kind: string };
}

/** The RBAC verb of each `x-kubernetes-action`; `connect` depends on the HTTP method. */
const VERB_OF_ACTION: Record<string, string> = {
  get: 'get',
  list: 'list',
  watch: 'watch',
  watchlist: 'watch',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
};
const VERB_OF_CONNECT: Record<string, string> = {
  get: 'get',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
};

/**
 * The resource an API path names, as RBAC spells it (`pods`, `pods/log`), or
 * undefined for discovery and the deprecated `/watch/` paths.
 */
export function resourceOfPath(path: string): string | undefined {
  const parts = path.split('/').filter(Boolean);
  // api/v1/... or apis/<group>/<version>/...
  let rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  if (rest[0] === 'watch' || rest.length === 0) return undefined;
  if (rest[0] === 'namespaces' && rest[1] === '{namespace}' && rest[2]) {
    rest = rest.slice(2);
  }
  // resource, resource/{name}, resource/{name}/subresource
  return rest.length === 3 ? `${rest[0]}/${rest[2]}` : rest[0];
}

/** `core_v1` → `CoreV1`, `rbacAuthorization_v1` → `RbacAuthorizationV1`. */
function classInfix(tag: string): string {
  return tag
    .split('_')
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * What the typed clients of `@kubernetes/client-node` call, read from the
 * real OpenAPI documents: client class (`CoreV1Api`) to method
 * (`listNamespacedPod`) to the permission it needs. The generated clients
 * name each method after its operationId without the class's infix
 * (`listCoreV1NamespacedPod` → `listNamespacedPod`).
 */
export class ApiOperations {
  private constructor(
    private readonly byClass: Map<string, Map<string, Permission>>,
    private readonly resourceOfKind: Map<
      string,
      Array<{ group: string; resource: string }>
    >,
  ) {}

  static fromSchemas(schemas: SchemaValidation): ApiOperations {
    const byClass = new Map<string, Map<string, Permission>>();
    const resourceOfKind = new Map<
      string,
      Array<{ group: string; resource: string }>
    >();
    for (const doc of schemas.registry.documents()) {
      for (const [path, item] of Object.entries(doc.document.paths)) {
        const resource = resourceOfPath(path);
        if (!resource) continue;
        for (const [method, value] of Object.entries(
          item as Record<string, Operation>,
        )) {
          const action = value?.['x-kubernetes-action'];
          const gvk = value?.['x-kubernetes-group-version-kind'];
          if (!action || !gvk) continue;
          const verb =
            action === 'connect'
              ? VERB_OF_CONNECT[method]
              : VERB_OF_ACTION[action];
          if (!verb) continue;
          const permission = { group: gvk.group, resource, verb };
          if (action === 'list' && !resource.includes('/')) {
            const known = resourceOfKind.get(gvk.kind) ?? [];
            if (!known.some(k => k.group === gvk.group)) {
              known.push({ group: gvk.group, resource });
            }
            resourceOfKind.set(gvk.kind, known);
          }
          const tag = value.tags?.[0];
          if (doc.source !== 'kubernetes' || !tag || !value.operationId) {
            continue;
          }
          const infix = classInfix(tag);
          const className = `${infix}Api`;
          const methods = byClass.get(className) ?? new Map();
          methods.set(value.operationId.replace(infix, ''), permission);
          byClass.set(className, methods);
        }
      }
    }
    return new ApiOperations(byClass, resourceOfKind);
  }

  /** Client classes the documents describe (`CoreV1Api`, ...). */
  classes(): string[] {
    return [...this.byClass.keys()].sort();
  }

  /** The permission a typed client method needs, or undefined. */
  permission(className: string, method: string): Permission | undefined {
    return this.byClass.get(className)?.get(method);
  }

  /** The classes having a method of this name. */
  classesWith(method: string): string[] {
    return this.classes().filter(c => this.byClass.get(c)!.has(method));
  }

  /**
   * The group and resource of a kind, when exactly one served group (or
   * the one given) has it.
   *
   * @throws naming the kind when no document or several groups have it
   */
  resourceOf(
    kind: string,
    group?: string,
  ): { group: string; resource: string } {
    const found = (this.resourceOfKind.get(kind) ?? []).filter(
      f => group === undefined || f.group === group,
    );
    if (found.length !== 1) {
      throw new Error(
        found.length === 0
          ? `No API document serves kind ${kind}`
          : `Kind ${kind} is served by several groups: ${found
              .map(f => f.group || 'core')
              .join(', ')}`,
      );
    }
    return found[0];
  }
}
