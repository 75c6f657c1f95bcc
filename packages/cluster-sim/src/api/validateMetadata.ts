/**
 * The apiserver's checks of names, labels and annotations, with its messages.
 * These run before schema validation: the OpenAPI schemas do not encode them.
 */
import { StatusCause } from './ApiError';
import { KubeObject } from './types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const label1123 =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomain1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const label1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const labelValueRule =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const qualifiedNameRule =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function invalid(field: string, value: string, detail: string): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
    field,
  };
}

/** How a kind's names are checked. */
function nameRule(kind: string): {
  pattern: RegExp;
  max: number;
  rule: string;
} {
  switch (kind) {
    case 'Namespace':
      return { pattern: DNS1123_LABEL, max: 63, rule: label1123 };
    case 'Service':
      return { pattern: DNS1035_LABEL, max: 63, rule: label1035 };
    default:
      return { pattern: DNS1123_SUBDOMAIN, max: 253, rule: subdomain1123 };
  }
}

/** Causes for a bad name, namespace, label or annotation key; empty when fine. */
export function validateMetadata(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const { name, namespace, labels, annotations } = obj.metadata;
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else {
    const { pattern, max, rule } = nameRule(obj.kind);
    if (name.length > max) {
      causes.push(
        invalid(
          'metadata.name',
          name,
          `must be no more than ${max} characters`,
        ),
      );
    } else if (!pattern.test(name)) {
      causes.push(invalid('metadata.name', name, rule));
    }
  }
  if (namespace !== undefined && !DNS1123_LABEL.test(namespace)) {
    causes.push(invalid('metadata.namespace', namespace, label1123));
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    causes.push(...validateQualifiedKey('metadata.labels', key));
    if (typeof value !== 'string' || value.length > 63) {
      causes.push(
        invalid(
          'metadata.labels',
          String(value),
          'must be no more than 63 characters',
        ),
      );
    } else if (!LABEL_VALUE.test(value)) {
      causes.push(invalid('metadata.labels', value, labelValueRule));
    }
  }
  for (const key of Object.keys(annotations ?? {})) {
    causes.push(...validateQualifiedKey('metadata.annotations', key));
  }
  return causes;
}

function validateQualifiedKey(field: string, key: string): StatusCause[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const namePart = slash >= 0 ? key.slice(slash + 1) : key;
  const causes: StatusCause[] = [];
  if (
    prefix !== undefined &&
    (!DNS1123_SUBDOMAIN.test(prefix) || prefix.length > 253)
  ) {
    causes.push(invalid(field, key, `prefix part ${subdomain1123}`));
  }
  if (namePart.length > 63) {
    causes.push(
      invalid(field, key, 'name part must be no more than 63 characters'),
    );
  } else if (!QUALIFIED_NAME.test(namePart)) {
    causes.push(invalid(field, key, qualifiedNameRule));
  }
  return causes;
}
