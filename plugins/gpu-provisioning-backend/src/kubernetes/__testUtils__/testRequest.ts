import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';

let sequence = 0;

/** A GPU request as the store holds it, approved and not yet provisioned. */
export function testRequest(overrides: Partial<GpuRequest> = {}): GpuRequest {
  sequence += 1;
  const id =
    overrides.id ??
    `${sequence.toString(16).padStart(8, '0')}-7c1e-4a8b-9f00-${Date.now()
      .toString(16)
      .padStart(12, '0')
      .slice(-12)}`;
  const count = overrides.count ?? 2;
  const durationHours = overrides.durationHours ?? 48;
  return {
    id,
    status: 'approved',
    team: 'group:default/ml-platform',
    entityRef: 'component:default/assistant-api',
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count,
    durationHours,
    purpose: 'fine-tuning',
    dataClassification: 'internal',
    justification: 'LoRA fine-tuning of the assistant',
    requestedBy: 'user:default/jane.doe',
    createdAt: '2026-01-10T09:00:00.000Z',
    updatedAt: '2026-01-10T09:00:00.000Z',
    gpuHours: count * durationHours,
    estimatedCost: count * durationHours * 4.1,
    requiresApproval: false,
    ...overrides,
  };
}
