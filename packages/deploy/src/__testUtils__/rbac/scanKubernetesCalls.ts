import { ApiOperations } from './apiOperations';
import { Use } from './types';

/** One source file: its path relative to the repository, and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A call of the generic object client (`KubernetesObjectApi`). */
export interface ObjectApiCall {
  verbs: string[];
  at: string;
  call: string;
}

/** A Kubernetes object the code builds (`apiVersion: ..., kind: 'X'`). */
export interface ObjectKind {
  kind: string;
  at: string;
}

/** What {@link scanKubernetesCalls} found. */
export interface ScanResult {
  /** Calls of the typed clients and of `CustomObjectsApi`, with their permission. */
  uses: Use[];
  /** Calls of `KubernetesObjectApi`, whose kinds depend on the objects passed. */
  objectApiCalls: ObjectApiCall[];
  /** Kinds built by the files calling `KubernetesObjectApi` and their local imports. */
  objectKinds: ObjectKind[];
  /** What the scan could not map; each names the file and line. */
  problems: string[];
}

const CLIENT_MODULE = '@kubernetes/client-node';
const CUSTOM_OBJECTS_API = 'CustomObjectsApi';
const OBJECT_API = 'KubernetesObjectApi';

/** client-node helpers whose requests this scan does not model. */
const UNMODELLED_HELPERS = new Set([
  'Attach',
  'Cp',
  'Exec',
  'Informer',
  'ListWatch',
  'Log',
  'Metrics',
  'PortForward',
  'Watch',
  'makeInformer',
  'topNodes',
  'topPods',
]);

/** The generic client's methods and the verbs each needs. */
const OBJECT_API_VERBS: Record<string, string[]> = {
  create: ['create'],
  read: ['get'],
  list: ['list'],
  replace: ['update'],
  delete: ['delete'],
  patch: ['patch'],
};

const CUSTOM_OBJECT_METHOD =
  /^(list|get|create|patch|replace|delete|deleteCollection)(?:Cluster|Namespaced)?CustomObject(ForAllNamespaces|Status|Scale)?$/;
const CUSTOM_OBJECT_VERBS: Record<string, string> = {
  list: 'list',
  get: 'get',
  create: 'create',
  patch: 'patch',
  replace: 'update',
  delete: 'delete',
  deleteCollection: 'deletecollection',
};

// Every pattern below is linear: no quantified group repeats, and adjacent
// quantifiers never match the same characters.
const METHOD_CALL = /\.\s*([A-Za-z_$][\w$]*)\s*\(/g;
const CLIENT_IMPORT = /import\s*(?:type\s+)?\{([^}]*)\}\s*from\s*'([^']*)'/g;
const LOCAL_IMPORT = /from\s*'(\.{1,2}\/[^']*)'/g;
const OBJECT_KIND = /apiVersion:[^,\n]*,\s*kind:\s*'(\w+)'/g;
/** `api.list(KUEUE_API_VERSION, 'Workload')`: a kind listed by name. */
const LISTED_KIND = /\.list\(\s*[\w.$]+\s*,\s*'(\w+)'/g;
const TYPED_OBJECT_API = /:\s*KubernetesObjectApi\b/g;
const DECLARATION = /(?:const|let)\s+(\w+)\s*=([^;]*);/g;
const FLAT_OBJECT = /\{([^{}]*)\}/g;
const GROUP = /\bgroup:\s*'([^']*)'/;
const PLURAL = /\bplural:\s*'([^']*)'/;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(text);
}

/** The identifier right before a `.`, skipping whitespace. */
function receiverBefore(text: string, dot: number): string {
  let end = dot;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  let start = end;
  while (start > 0 && /[\w$]/.test(text[start - 1])) start--;
  return text.slice(start, end);
}

/**
 * Whether the call at `dot` is made on `….objects(…)` directly, as in
 * `this.clusters.objects(cluster).list(…)`: the suite's registries hand out
 * the object client that way.
 */
function onObjectsCall(text: string, dot: number): boolean {
  let end = dot;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (text[end - 1] !== ')') return false;
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) {
      return receiverBefore(text, i) === 'objects';
    }
  }
  return false;
}

/** The text between the `(` at `open` and its `)`. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Variables holding a `KubernetesObjectApi`: typed as one, or from `.objects(...)`. */
function objectApiVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(TYPED_OBJECT_API)) {
    const name = receiverBefore(text, m.index);
    if (name) names.add(name);
  }
  for (const m of text.matchAll(DECLARATION)) {
    if (m[2].includes('.objects(')) names.add(m[1]);
  }
  return names;
}

/**
 * group/plural pairs of the flat object literals of a file
 * (`{ group: 'x', plural: 'y' }`) outside the given spans (other calls'
 * arguments, which count for their own call).
 */
function literalGroupPlurals(
  text: string,
  outside: Array<[number, number]>,
): Array<{ group: string; plural: string }> {
  const out: Array<{ group: string; plural: string }> = [];
  for (const m of text.matchAll(FLAT_OBJECT)) {
    if (outside.some(([from, to]) => m.index >= from && m.index < to)) continue;
    const group = GROUP.exec(m[1])?.[1];
    const plural = PLURAL.exec(m[1])?.[1];
    if (group !== undefined && plural !== undefined) {
      out.push({ group, plural });
    }
  }
  return out;
}

function resolveLocalImport(
  from: string,
  spec: string,
  byPath: Map<string, SourceFile>,
): SourceFile | undefined {
  const dir = from.split('/').slice(0, -1);
  for (const part of spec.split('/')) {
    if (part === '..') dir.pop();
    else if (part !== '.') dir.push(part);
  }
  const base = dir.join('/');
  return byPath.get(`${base}.ts`) ?? byPath.get(`${base}/index.ts`);
}

/**
 * Finds what the given TypeScript sources ask of a Kubernetes API server
 * through `@kubernetes/client-node`:
 *
 * - typed clients (`CoreV1Api`, `RbacAuthorizationV1Api`, ...): every
 *   `.method(` call whose name is an operation of a client class the file
 *   names, mapped to its permission through the real OpenAPI documents;
 * - `CustomObjectsApi`: the verb from the method name, group and plural from
 *   the call's object literal or, when it passes variables, from the file's
 *   `{ group: '...', plural: '...' }` literals;
 * - `KubernetesObjectApi`: its calls (verbs) and the kinds the file and its
 *   local imports build, which the caller matches up.
 *
 * Anything it cannot map (a client-node helper it does not model, an
 * operation name of a class the file does not name, a custom-object call
 * without a group and plural) is a problem naming the file and line, so the
 * scan fails loudly rather than missing a permission.
 */
export function scanKubernetesCalls(
  files: SourceFile[],
  operations: ApiOperations,
): ScanResult {
  const result: ScanResult = {
    uses: [],
    objectApiCalls: [],
    objectKinds: [],
    problems: [],
  };
  const byPath = new Map(files.map(f => [f.path, f]));
  const kindFiles = new Set<SourceFile>();

  for (const file of files) {
    const { text } = file;
    const at = (index: number) => `${file.path}:${lineAt(text, index)}`;
    for (const m of text.matchAll(CLIENT_IMPORT)) {
      if (m[2] !== CLIENT_MODULE) continue;
      for (const name of m[1].split(',').map(s => s.trim())) {
        if (UNMODELLED_HELPERS.has(name)) {
          result.problems.push(
            `${at(
              m.index,
            )}: imports ${name} from ${CLIENT_MODULE}, whose requests the RBAC scan does not model`,
          );
        }
      }
    }
    const named = new Set(
      [...operations.classes(), CUSTOM_OBJECTS_API, OBJECT_API].filter(c =>
        mentions(text, c),
      ),
    );
    const objectApis = named.has(OBJECT_API)
      ? objectApiVariables(text)
      : new Set<string>();
    if (objectApis.size > 0) kindFiles.add(file);
    // Where each custom-object call's own literal arguments are.
    const customSpans: Array<[number, number]> = [];
    for (const m of text.matchAll(METHOD_CALL)) {
      if (CUSTOM_OBJECT_METHOD.test(m[1])) {
        const open = m.index + m[0].length - 1;
        customSpans.push([open, open + argumentsAt(text, open).length + 1]);
      }
    }

    for (const m of text.matchAll(METHOD_CALL)) {
      const method = m[1];
      const open = m.index + m[0].length - 1;
      const typed = operations.classesWith(method);
      if (typed.length > 0) {
        const mine = typed.filter(c => named.has(c));
        if (mine.length !== 1) {
          result.problems.push(
            `${at(m.index)}: ${method} is an operation of ${typed.join(
              ', ',
            )}, and the file names ${
              mine.length === 0 ? 'none of them' : mine.join(' and ')
            }`,
          );
          continue;
        }
        result.uses.push({
          permission: operations.permission(mine[0], method)!,
          at: at(m.index),
          call: `${mine[0]}.${method}`,
        });
        continue;
      }
      const custom = CUSTOM_OBJECT_METHOD.exec(method);
      if (custom && named.has(CUSTOM_OBJECTS_API)) {
        const args = argumentsAt(text, open);
        const group = GROUP.exec(args)?.[1];
        const plural = PLURAL.exec(args)?.[1];
        const pairs =
          group !== undefined && plural !== undefined
            ? [{ group, plural }]
            : literalGroupPlurals(text, customSpans);
        if (pairs.length === 0) {
          result.problems.push(
            `${at(
              m.index,
            )}: ${method} without a group and plural the scan can read`,
          );
        }
        const sub = custom[2] === 'Status' || custom[2] === 'Scale';
        for (const pair of pairs) {
          result.uses.push({
            permission: {
              group: pair.group,
              resource: sub
                ? `${pair.plural}/${custom[2].toLowerCase()}`
                : pair.plural,
              verb: CUSTOM_OBJECT_VERBS[custom[1]],
            },
            at: at(m.index),
            call: `${CUSTOM_OBJECTS_API}.${method}`,
          });
        }
        continue;
      }
      const verbs = OBJECT_API_VERBS[method];
      if (
        verbs &&
        (objectApis.has(receiverBefore(text, m.index)) ||
          onObjectsCall(text, m.index))
      ) {
        kindFiles.add(file);
        // Server-side apply creates what is missing, and the apiserver then
        // checks `create` as well as `patch`.
        const apply =
          method === 'patch' &&
          argumentsAt(text, open).includes('ServerSideApply');
        result.objectApiCalls.push({
          verbs: apply ? ['patch', 'create'] : verbs,
          at: at(m.index),
          call: `${OBJECT_API}.${method}${apply ? ' (server-side apply)' : ''}`,
        });
      }
    }
  }

  for (const file of kindFiles) {
    const sources = [file];
    for (const m of file.text.matchAll(LOCAL_IMPORT)) {
      const imported = resolveLocalImport(file.path, m[1], byPath);
      if (imported) sources.push(imported);
    }
    for (const source of sources) {
      for (const pattern of [OBJECT_KIND, LISTED_KIND]) {
        for (const m of source.text.matchAll(pattern)) {
          result.objectKinds.push({
            kind: m[1],
            at: `${source.path}:${lineAt(source.text, m.index)}`,
          });
        }
      }
    }
  }
  return result;
}
