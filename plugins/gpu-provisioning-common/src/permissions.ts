import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of GPU requests in the permission framework. @public */
export const GPU_REQUEST_RESOURCE_TYPE = 'gpu-request';

/** Reading capacity, quotas and GPU classes. @public */
export const gpuCapacityReadPermission = createPermission({
  name: 'gpu.capacity.read',
  attributes: { action: 'read' },
});

/**
 * Asking for GPUs at all. Whether the requester belongs to the team named in
 * the request is checked by the backend on every request.
 *
 * @public
 */
export const gpuRequestCreatePermission = createPermission({
  name: 'gpu.request.create',
  attributes: { action: 'create' },
});

/** Reading a request; conditional on being its requester or on its team. @public */
export const gpuRequestReadPermission = createPermission({
  name: 'gpu.request.read',
  attributes: { action: 'read' },
  resourceType: GPU_REQUEST_RESOURCE_TYPE,
});

/** Extending or releasing a grant. @public */
export const gpuRequestUpdatePermission = createPermission({
  name: 'gpu.request.update',
  attributes: { action: 'update' },
  resourceType: GPU_REQUEST_RESOURCE_TYPE,
});

/** Approving or rejecting requests over the approval threshold. @public */
export const gpuRequestApprovePermission = createPermission({
  name: 'gpu.request.approve',
  attributes: { action: 'update' },
  resourceType: GPU_REQUEST_RESOURCE_TYPE,
});

/**
 * Being a GPU approver, as a frontend asks it: whether to show the approval
 * queue and approvers' tools. A basic permission because the question is about
 * no one request (the permission backend refuses a browser's resource
 * permission without a resource ref). The policy allows it exactly to those
 * it allows {@link gpuRequestApprovePermission}; the backend still decides
 * every call with the request permissions.
 *
 * @public
 */
export const gpuApproverPermission = createPermission({
  name: 'gpu.approver',
  attributes: { action: 'read' },
});

/** Every permission of GPU provisioning. @public */
export const gpuProvisioningPermissions = [
  gpuCapacityReadPermission,
  gpuRequestCreatePermission,
  gpuRequestReadPermission,
  gpuRequestUpdatePermission,
  gpuRequestApprovePermission,
  gpuApproverPermission,
];
