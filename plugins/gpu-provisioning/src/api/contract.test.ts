import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { capacity, classes, makeRequest, policy } from '../__fixtures__/gpu';
import {
  GpuClassesResponse,
  GpuRequestListResponse,
} from '@ai-platform/plugin-gpu-provisioning-react';

// The frontend's idea of each response (its types, through these typed
// fixtures) must be what the backend's OpenAPI contract says: a mismatch
// fails here rather than in a browser.
const spec = parse(
  readFileSync(
    resolve(
      __dirname,
      '../../../gpu-provisioning-backend/src/schema/openapi.yaml',
    ),
    'utf8',
  ),
);
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(spec, 'openapi');

const responses: Array<[string, unknown]> = [
  ['CapacityResponse', capacity],
  ['ClassesResponse', { classes, policy } satisfies GpuClassesResponse],
  [
    'GpuRequestList',
    {
      items: [
        makeRequest(),
        makeRequest({
          id: '1a2b3c4d-0000-4000-8000-000000000002',
          status: 'pending-approval',
          requiresApproval: true,
        }),
      ],
    } satisfies GpuRequestListResponse,
  ],
  [
    'GpuRequest',
    makeRequest({
      status: 'rejected',
      rejectionReason: 'Too many GPUs for a notebook',
    }),
  ],
];

describe('the frontend against the OpenAPI contract', () => {
  it.each(responses)('%s fixtures match the contract', (schema, value) => {
    const validate = ajv.getSchema(`openapi#/components/schemas/${schema}`);
    expect(validate).toBeDefined();
    const valid = validate!(value);
    expect(validate!.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});
