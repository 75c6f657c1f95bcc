import { entityRefKey } from './entityRefKey';
import { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import { ProjectUpgrade, UpgradeState } from './types';
import { UPGRADE_TEMPLATE_REF } from '../provenance/templateProvenance';

const STATES: Record<string, UpgradeState | undefined> = {
  open: 'running',
  processing: 'running',
  completed: 'awaiting-review',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * The latest upgrade task per project (keyed by `entityRefKey`), from tasks
 * of the upgrade template. A task's parameters are what its user typed, so
 * a task whose `entityRef` is not a string is skipped.
 */
export function latestUpgradeTasks(
  tasks: ScaffolderTask[],
): Map<string, ProjectUpgrade> {
  const latest = new Map<string, ProjectUpgrade>();
  for (const task of tasks) {
    const templateRef = task.spec.templateInfo?.entityRef;
    if (!templateRef || entityRefKey(templateRef) !== UPGRADE_TEMPLATE_REF) {
      continue;
    }
    const entityRef = task.spec.parameters?.entityRef;
    const state = STATES[task.status];
    if (typeof entityRef !== 'string' || !state) continue;
    const key = entityRefKey(entityRef);
    if (!key) continue;
    const known = latest.get(key);
    if (!known || known.createdAt < task.createdAt) {
      latest.set(key, { taskId: task.id, state, createdAt: task.createdAt });
    }
  }
  return latest;
}
