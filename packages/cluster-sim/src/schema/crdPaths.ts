import type { CustomResourceDefinition, GroupVersionKind } from './types';

/** Where a CRD version's schemas live in the document being built. */
export interface CrdPathsOptions {
  crd: CustomResourceDefinition;
  version: string;
  /** Schema names in `components.schemas`. */
  schemaName: string;
  listSchemaName: string;
  hasStatus: boolean;
}

type Parameter = {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: { type: string; uniqueItems: true };
};

const query = (name: string, type: string, description: string): Parameter => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

const pathParam = (name: string, description: string): Parameter => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const P = {
  pretty: query(
    'pretty',
    'string',
    "If 'true', then the output is pretty printed.",
  ),
  dryRun: query(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: query(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes. Required for apply requests (application/apply-patch).',
  ),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
  ),
  force: query('force', 'boolean', 'Force is going to "force" Apply requests.'),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted.',
  ),
  ignoreStoreReadError: query(
    'ignoreStoreReadErrorWithClusterBreakingPotential',
    'boolean',
    'If set to true, unsafely delete a resource that cannot be read from storage.',
  ),
  orphanDependents: query(
    'orphanDependents',
    'boolean',
    'Deprecated: please use the PropagationPolicy.',
  ),
  propagationPolicy: query(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'.",
  ),
  namespace: pathParam(
    'namespace',
    'object name and auth scope, such as for teams and projects',
  ),
};

const LIST_PARAMETERS: Parameter[] = [
  query(
    'allowWatchBookmarks',
    'boolean',
    'Requests watch events with type "BOOKMARK".',
  ),
  query('continue', 'string', 'The continue option from a previous list call.'),
  query(
    'fieldSelector',
    'string',
    'A selector to restrict the list of returned objects by their fields.',
  ),
  query(
    'labelSelector',
    'string',
    'A selector to restrict the list of returned objects by their labels.',
  ),
  query(
    'limit',
    'integer',
    'The maximum number of responses to return for a list call.',
  ),
  query(
    'resourceVersion',
    'string',
    'Constrains what resource versions a request may be served from.',
  ),
  query(
    'resourceVersionMatch',
    'string',
    'Determines how resourceVersion is applied to list calls.',
  ),
  query(
    'sendInitialEvents',
    'boolean',
    'Sends synthetic ADDED events before a watch stream.',
  ),
  query('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  query('watch', 'boolean', 'Watch for changes to the described resources.'),
];

const WRITE_PARAMETERS = [P.dryRun, P.fieldManager, P.fieldValidation];
const DELETE_PARAMETERS = [
  P.dryRun,
  P.gracePeriodSeconds,
  P.ignoreStoreReadError,
  P.orphanDependents,
  P.propagationPolicy,
];

const ref = (schemaName: string) => ({
  $ref: `#/components/schemas/${schemaName}`,
});

const content = (schemaName: string, types: string[]) =>
  Object.fromEntries(types.map(type => [type, { schema: ref(schemaName) }]));

const RESPONSE_TYPES = ['application/json', 'application/yaml'];
const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
];

const responses = (schemaName: string, codes: string[]) => ({
  ...Object.fromEntries(
    codes.map(code => [
      code,
      {
        description: { '200': 'OK', '201': 'Created', '202': 'Accepted' }[code],
        content: content(schemaName, RESPONSE_TYPES),
      },
    ]),
  ),
  '401': { description: 'Unauthorized' },
});

const STATUS_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const DELETE_OPTIONS_SCHEMA =
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const PATCH_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

/** `kueue.x-k8s.io` → `KueueXK8sIo`, as in the apiserver's operation ids. */
function camel(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The `paths` the apiserver publishes for one CRD version: collection, item
 * and status endpoints, with the GVK extension on every operation and the
 * `dryRun`, `fieldManager` and `fieldValidation` parameters on writes, which
 * kubectl looks for before sending `fieldValidation=Strict`.
 */
export function crdPaths(options: CrdPathsOptions): Record<string, unknown> {
  const { crd, version, schemaName, listSchemaName, hasStatus } = options;
  const { group, names, scope } = crd.spec;
  const gvk: GroupVersionKind = { group, version, kind: names.kind };
  const tag = `${camel(group)[0].toLowerCase()}${camel(group).slice(
    1,
  )}_${version}`;
  const idInfix = `${camel(group)}${camel(version)}`;
  const namespaced = scope === 'Namespaced';
  const scoped = namespaced ? 'Namespaced' : '';
  const base = `/apis/${group}/${version}`;
  const collection = namespaced
    ? `${base}/namespaces/{namespace}/${names.plural}`
    : `${base}/${names.plural}`;
  const scopeParams = namespaced ? [P.namespace] : [];
  const nameParam = pathParam('name', `name of the ${names.kind}`);

  const op = (
    action: string,
    verb: string,
    suffix: string,
    description: string,
    extra: Record<string, unknown>,
  ) => ({
    description,
    operationId: `${verb}${idInfix}${suffix}`,
    ...extra,
    tags: [tag],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });

  const itemOps = (suffix: string, what: string) => ({
    get: op('get', 'read', suffix, `read ${what}`, {
      responses: responses(schemaName, ['200']),
    }),
    put: op('put', 'replace', suffix, `replace ${what}`, {
      parameters: WRITE_PARAMETERS,
      requestBody: {
        content: { '*/*': { schema: ref(schemaName) } },
        required: true,
      },
      responses: responses(schemaName, ['200', '201']),
    }),
    patch: op('patch', 'patch', suffix, `partially update ${what}`, {
      parameters: [...WRITE_PARAMETERS, P.force],
      requestBody: {
        content: content(PATCH_SCHEMA, PATCH_TYPES),
        required: true,
      },
      responses: responses(schemaName, ['200', '201']),
    }),
  });

  const kindSuffix = `${scoped}${names.kind}`;
  const paths: Record<string, unknown> = {
    [collection]: {
      get: op(
        'list',
        'list',
        kindSuffix,
        `list or watch objects of kind ${names.kind}`,
        {
          parameters: LIST_PARAMETERS,
          responses: responses(listSchemaName, ['200']),
        },
      ),
      post: op('post', 'create', kindSuffix, `create a ${names.kind}`, {
        parameters: WRITE_PARAMETERS,
        requestBody: {
          content: { '*/*': { schema: ref(schemaName) } },
          required: true,
        },
        responses: responses(schemaName, ['200', '201', '202']),
      }),
      delete: op(
        'deletecollection',
        'delete',
        `Collection${kindSuffix}`,
        `delete collection of ${names.kind}`,
        {
          parameters: [...DELETE_PARAMETERS, ...LIST_PARAMETERS],
          requestBody: {
            content: { '*/*': { schema: ref(DELETE_OPTIONS_SCHEMA) } },
          },
          responses: responses(STATUS_SCHEMA, ['200']),
        },
      ),
      parameters: [...scopeParams, P.pretty],
    },
    [`${collection}/{name}`]: {
      ...itemOps(kindSuffix, `the specified ${names.kind}`),
      delete: op('delete', 'delete', kindSuffix, `delete a ${names.kind}`, {
        parameters: DELETE_PARAMETERS,
        requestBody: {
          content: { '*/*': { schema: ref(DELETE_OPTIONS_SCHEMA) } },
        },
        responses: responses(STATUS_SCHEMA, ['200', '202']),
      }),
      parameters: [nameParam, ...scopeParams, P.pretty],
    },
  };
  if (hasStatus) {
    paths[`${collection}/{name}/status`] = {
      ...itemOps(
        `${kindSuffix}Status`,
        `status of the specified ${names.kind}`,
      ),
      parameters: [nameParam, ...scopeParams, P.pretty],
    };
  }
  if (namespaced) {
    paths[`${base}/${names.plural}`] = {
      get: op(
        'list',
        'list',
        `${names.kind}ForAllNamespaces`,
        `list or watch objects of kind ${names.kind}`,
        {
          responses: responses(listSchemaName, ['200']),
        },
      ),
      parameters: [...LIST_PARAMETERS, P.pretty],
    };
  }
  return paths;
}
