import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CapacityResponse,
  GpuClassInfo,
  GpuRequest,
  GpuRequestStatus,
  ProvisioningPolicyInfo,
  TeamQuota,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { Request } from 'express';
import { GrantReconciler } from '../lifecycle/GrantReconciler';

/**
 * The part of the lifecycle loop the request service drives: provisioning a
 * request once it is approved and ending a grant on release.
 */
export type GrantLifecycle = Pick<GrantReconciler, 'provision' | 'end'>;

/** Who is calling, and the HTTP request when the call came over HTTP (for the audit log). */
export interface GpuRequestCallContext {
  credentials: BackstageCredentials;
  httpRequest?: Request;
}

/** Which requests to list. */
export type GpuRequestScope = 'mine' | 'team' | 'all';

/** The classes and the policy, for forms and estimates. */
export interface GpuClassesResponse {
  classes: GpuClassInfo[];
  policy: ProvisioningPolicyInfo;
}

/** GPU provisioning's business logic, shared by the REST API and the actions. */
export interface GpuRequestApi {
  /**
   * Checks and records a request, reserving quota; provisions it at once when
   * it needs no approval. `created` is false for a replay of an
   * idempotency key.
   */
  create(
    context: GpuRequestCallContext & {
      input: unknown;
      idempotencyKey?: string;
    },
  ): Promise<{ request: GpuRequest; created: boolean }>;
  get(context: GpuRequestCallContext & { id: string }): Promise<GpuRequest>;
  list(
    context: GpuRequestCallContext & {
      scope?: GpuRequestScope;
      statuses?: GpuRequestStatus[];
      team?: string;
      entityRef?: string;
    },
  ): Promise<GpuRequest[]>;
  approve(context: GpuRequestCallContext & { id: string }): Promise<GpuRequest>;
  reject(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest>;
  extend(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest>;
  release(context: GpuRequestCallContext & { id: string }): Promise<GpuRequest>;
  capacity(context: GpuRequestCallContext): Promise<CapacityResponse>;
  classes(context: GpuRequestCallContext): Promise<GpuClassesResponse>;
  quota(
    context: GpuRequestCallContext & { team?: string },
  ): Promise<TeamQuota[]>;
}
