import { existsSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { qualifiedResourceName } from '../api/ObjectStore';
import { RESOURCE_TYPES } from '../api/resources';
import { FleetStateError } from './FleetStateError';
import { FleetState } from './types';

const KNOWN_RESOURCES = RESOURCE_TYPES.map(qualifiedResourceName);

/** The shape of a state file; objects were validated when they were stored. */
const SCHEMA = {
  type: 'object',
  required: ['version', 'clusters'],
  properties: {
    version: { const: 1 },
    clusters: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['store', 'gpuAssignments'],
        properties: {
          store: {
            type: 'object',
            required: ['resourceVersion', 'objects'],
            properties: {
              resourceVersion: { type: 'integer', minimum: 0 },
              objects: {
                type: 'object',
                propertyNames: { enum: KNOWN_RESOURCES },
                additionalProperties: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['apiVersion', 'kind', 'metadata'],
                    properties: {
                      apiVersion: { type: 'string' },
                      kind: { type: 'string' },
                      metadata: {
                        type: 'object',
                        required: ['name', 'uid', 'resourceVersion'],
                        properties: {
                          name: { type: 'string', minLength: 1 },
                          namespace: { type: 'string' },
                          uid: { type: 'string' },
                          resourceVersion: {
                            type: 'string',
                            pattern: '^[0-9]+$',
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          gpuAssignments: {
            type: 'array',
            items: {
              type: 'object',
              required: ['podUid', 'node', 'slots'],
              properties: {
                podUid: { type: 'string' },
                node: { type: 'string' },
                slots: {
                  type: 'array',
                  items: { type: 'integer', minimum: 0 },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false }).compile<FleetState>(SCHEMA);

/**
 * Reads the fleet's state file; undefined when there is none (a first
 * start). A file that is not a complete state (truncated, edited, from
 * another version) throws a {@link FleetStateError} naming it: starting
 * afresh over it would silently drop everything made on the fleet.
 */
export function readFleetState(file: string): FleetState | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FleetStateError(
      file,
      `it is not complete JSON (${(error as Error).message})`,
    );
  }
  if (!validate(parsed)) {
    const [first] = validate.errors ?? [];
    throw new FleetStateError(
      file,
      `${first?.instancePath || '/'} ${first?.message ?? 'is not valid'}`,
    );
  }
  for (const [name, cluster] of Object.entries(parsed.clusters)) {
    for (const [resource, items] of Object.entries(cluster.store.objects)) {
      const ahead = items.find(
        o => Number(o.metadata.resourceVersion) > cluster.store.resourceVersion,
      );
      if (ahead) {
        throw new FleetStateError(
          file,
          `/clusters/${name}/store/objects/${resource}: ${ahead.metadata.name} has resourceVersion ${ahead.metadata.resourceVersion}, after the store's ${cluster.store.resourceVersion}`,
        );
      }
    }
  }
  return parsed;
}
