import { validationFailureStatus } from './validationFailureStatus';

describe('validationFailureStatus', () => {
  it('answers schema errors with 422 Invalid and the causes', () => {
    const status = validationFailureStatus({
      apiVersion: 'batch/v1',
      kind: 'Job',
      name: 'train',
      causes: [
        {
          reason: 'FieldValueTypeInvalid',
          field: 'spec.parallelism',
          message:
            'Invalid value: "string": spec.parallelism in body must be of type integer: "string"',
        },
      ],
    });
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Job.batch "train" is invalid: spec.parallelism: Invalid value: "string": spec.parallelism in body must be of type integer: "string"',
      reason: 'Invalid',
      details: {
        name: 'train',
        group: 'batch',
        kind: 'Job',
        causes: [
          {
            reason: 'FieldValueTypeInvalid',
            message:
              'Invalid value: "string": spec.parallelism in body must be of type integer: "string"',
            field: 'spec.parallelism',
          },
        ],
      },
      code: 422,
    });
  });

  it('lists several errors in brackets and leaves the core group out', () => {
    const status = validationFailureStatus({
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'p',
      causes: [
        {
          reason: 'FieldValueRequired',
          field: 'spec.containers',
          message: 'Required value',
        },
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value',
        },
      ],
    });
    expect(status.message).toBe(
      'Pod "p" is invalid: [spec.containers: Required value, metadata.name: Required value]',
    );
    expect(status.details?.group).toBe('');
  });

  it('answers unknown fields under strict validation with 400 BadRequest', () => {
    const status = validationFailureStatus({
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ClusterQueue',
      name: 'gpu',
      causes: [
        {
          reason: 'FieldValueUnknown',
          field: 'spec.foo',
          message: 'unknown field "spec.foo"',
        },
        {
          reason: 'FieldValueUnknown',
          field: 'spec.bar',
          message: 'unknown field "spec.bar"',
        },
        {
          reason: 'FieldValueRequired',
          field: 'spec.resourceGroups',
          message: 'Required value',
        },
      ],
    });
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'ClusterQueue in version "v1beta2" cannot be handled as a ClusterQueue: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
      reason: 'BadRequest',
      code: 400,
    });
  });
});
