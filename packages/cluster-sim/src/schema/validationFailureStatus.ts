import { parseApiVersion } from './groupVersion';
import type { FieldCause } from './types';

/** A `meta/v1` Status for a failed write. */
export interface FailureStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'Invalid' | 'BadRequest';
  details?: {
    name: string;
    group: string;
    kind: string;
    causes: Array<{ reason: string; message: string; field: string }>;
  };
  code: 422 | 400;
}

/** Options for {@link validationFailureStatus}. */
export interface ValidationFailureStatusOptions {
  apiVersion: string;
  kind: string;
  /** `metadata.name`; empty when the client sent only `generateName`. */
  name?: string;
  causes: FieldCause[];
}

/**
 * The Status the apiserver answers a rejected create or update with.
 * Unknown fields under `fieldValidation=Strict` fail decoding, before any
 * validation: 400 BadRequest, `Job in version "v1" cannot be handled as a
 * Job: strict decoding error: unknown field "spec.foo"`, without causes.
 * Everything else is 422 Invalid, `Job.batch "pi" is invalid: <causes>`,
 * with the causes in `details`.
 */
export function validationFailureStatus(
  options: ValidationFailureStatusOptions,
): FailureStatus {
  const { apiVersion, kind, name = '', causes } = options;
  const { group, version } = parseApiVersion(apiVersion);
  const unknown = causes.filter(c => c.reason === 'FieldValueUnknown');
  if (unknown.length > 0) {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${kind} in version ${JSON.stringify(
        version,
      )} cannot be handled as a ${kind}: strict decoding error: ${unknown
        .map(c => c.message)
        .join(', ')}`,
      reason: 'BadRequest',
      code: 400,
    };
  }
  const errors = causes.map(c =>
    c.field ? `${c.field}: ${c.message}` : c.message,
  );
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${qualifiedKind} ${JSON.stringify(name)} is invalid: ${
      errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`
    }`,
    reason: 'Invalid',
    details: {
      name,
      group,
      kind,
      causes: causes.map(({ reason, message, field }) => ({
        reason,
        message,
        field,
      })),
    },
    code: 422,
  };
}
