/**
 * Label and field selectors, with the syntax and errors of the apiserver.
 */
import { ApiError } from './ApiError';
import { KubeObject } from './types';

type Requirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] };

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(Boolean);
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function checkKey(key: string, selector: string): string {
  if (!LABEL_KEY.test(key)) {
    throw ApiError.badRequest(
      `unable to parse requirement: invalid label key "${key}" in selector "${selector}"`,
    );
  }
  return key;
}

/** Parses a label selector such as `app=x,tier in (a,b),!legacy`. */
export function parseLabelSelector(selector: string): Requirement[] {
  return splitTerms(selector).map(term => {
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      return {
        key: checkKey(m[1], selector),
        op: m[2] as 'in' | 'notin',
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      };
    }
    m = /^([^\s=!]+)\s*(==|!=|=)\s*(\S*)$/.exec(term);
    if (m) {
      return {
        key: checkKey(m[1], selector),
        op: m[2] === '!=' ? 'notin' : 'in',
        values: [m[3]],
      };
    }
    if (term.startsWith('!')) {
      return { key: checkKey(term.slice(1), selector), op: 'notexists' };
    }
    return { key: checkKey(term, selector), op: 'exists' };
  });
}

/** Whether labels satisfy every requirement. */
export function matchesLabels(
  requirements: Requirement[],
  labels: Record<string, string> = {},
): boolean {
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]);
      default:
        return false;
    }
  });
}

/** Field paths a field selector may use, per kind (all kinds allow metadata). */
const FIELD_PATHS: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  Job: ['status.successful'],
};

type FieldRequirement = { path: string; equal: boolean; value: string };

/** Parses a field selector such as `metadata.name=x,status.phase!=Running`. */
export function parseFieldSelector(
  selector: string,
  kind: string,
): FieldRequirement[] {
  const allowed = [
    'metadata.name',
    'metadata.namespace',
    ...(FIELD_PATHS[kind] ?? []),
  ];
  return splitTerms(selector).map(term => {
    const m = /^([^\s=!]+)\s*(==|!=|=)(.*)$/.exec(term);
    if (!m) {
      throw ApiError.badRequest(
        `invalid selector: '${selector}'; can't understand '${term}'`,
      );
    }
    const path = m[1].trim();
    if (!allowed.includes(path)) {
      throw ApiError.badRequest(`field label not supported: ${path}`);
    }
    return { path, equal: m[2] !== '!=', value: m[3].trim() };
  });
}

function valueAt(obj: unknown, path: string): string {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return '';
  return String(current);
}

/** Whether an object satisfies every field requirement. */
export function matchesFields(
  requirements: FieldRequirement[],
  obj: KubeObject,
): boolean {
  return requirements.every(
    r => (valueAt(obj, r.path) === r.value) === r.equal,
  );
}
