import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityError,
  GroupUsage,
} from '@ai-platform/plugin-gpu-metrics-common';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import {
  AnnotationError,
  WorkloadSelector,
  workloadSelector,
} from '../kubernetes/workloadSelector';

/**
 * The entities a group roll-up counts: each owned entity's selector, with
 * entities whose annotations are malformed skipped (and reported), and at
 * most `limit` entities with workloads, first by ref.
 */
export function rollUpSelectors(
  owned: Entity[],
  options: { limit: number; logger: LoggerService },
): {
  selectors: Array<{ ref: string; selector?: WorkloadSelector }>;
  entityErrors: EntityError[];
  truncated: GroupUsage['truncated'];
} {
  const { limit, logger } = options;
  const entityErrors: EntityError[] = [];
  const withWorkloads: Array<{ ref: string; selector: WorkloadSelector }> = [];
  const without: Array<{ ref: string }> = [];
  for (const entity of owned) {
    const ref = stringifyEntityRef(entity);
    try {
      const selector = workloadSelector(entity);
      if (selector) withWorkloads.push({ ref, selector });
      else without.push({ ref });
    } catch (error) {
      if (!(error instanceof AnnotationError)) throw error;
      entityErrors.push({
        entityRef: ref,
        annotation: error.annotation,
        message: error.message,
      });
    }
  }
  const byRef = (a: { ref: string }, b: { ref: string }) =>
    entityRefKey(a.ref).localeCompare(entityRefKey(b.ref));
  withWorkloads.sort(byRef);
  entityErrors.sort((a, b) =>
    entityRefKey(a.entityRef).localeCompare(entityRefKey(b.entityRef)),
  );
  const truncated =
    withWorkloads.length > limit
      ? { limit, total: withWorkloads.length }
      : null;
  if (truncated) {
    logger.warn('Group roll-up cut at gpuMetrics.maxEntitiesPerGroup', {
      ...truncated,
    });
  }
  return {
    selectors: [...withWorkloads.slice(0, limit), ...without.sort(byRef)],
    entityErrors,
    truncated,
  };
}
