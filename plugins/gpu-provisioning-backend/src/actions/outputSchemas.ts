import { z as zod } from 'zod/v3';

/** A GPU request as actions return it, built with the zod the actions registry hands out. */
export function gpuRequestOutputSchema(z: typeof zod) {
  return z.object({
    id: z.string(),
    status: z
      .string()
      .describe(
        'pending-approval, approved, provisioning, active, rejected, released, expired, failed or namespace-missing',
      ),
    team: z.string(),
    entityRef: z.string().optional(),
    cluster: z.string(),
    gpuClass: z.string(),
    migProfile: z.string().optional(),
    count: z.number(),
    durationHours: z.number(),
    purpose: z.string(),
    dataClassification: z.string(),
    justification: z.string(),
    requestedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    gpuHours: z.number(),
    estimatedCost: z.number(),
    requiresApproval: z.boolean(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    rejectionReason: z.string().optional(),
    namespace: z
      .string()
      .optional()
      .describe('Where to run the workloads, once granted'),
    activeSince: z.string().optional(),
    expiresAt: z.string().optional(),
    endedAt: z.string().optional(),
    lastError: z.string().optional(),
    startAt: z
      .string()
      .optional()
      .describe('When a reserved window starts; it ends at expiresAt'),
  });
}

/** Capacity of one class (or MIG profile) on one cluster. */
export function gpuCapacityOutputSchema(z: typeof zod) {
  return z.object({
    cluster: z.string(),
    gpuClass: z.string(),
    displayName: z.string(),
    resource: z.string(),
    migProfile: z.string().optional(),
    memoryMiB: z.number(),
    hourlyRate: z.number(),
    total: z.number(),
    inUse: z.number(),
    granted: z.number(),
    free: z.number(),
  });
}
