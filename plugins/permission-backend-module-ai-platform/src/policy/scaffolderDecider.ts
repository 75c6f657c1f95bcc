import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { refVariants } from './entityRefs';
import {
  catalogAdminsOnly,
  CoreAdmins,
  CoreRule,
  signedInUsers,
  tableDecider,
} from './tableDecider';
import { PermissionDecider } from './types';

/** The task's creator only (the scaffolder's `IS_TASK_OWNER`). */
function taskOwner(
  permission: ResourcePermission<'scaffolder-task'>,
): CoreRule {
  return caller =>
    createScaffolderTaskConditionalDecision(
      permission,
      scaffolderTaskConditions.isTaskOwner({
        createdBy: refVariants([caller.userEntityRef]),
      }),
    );
}

/**
 * The scaffolder's permissions.
 *
 * @remarks
 * Everyone signed in reads templates, runs them (creates tasks, executes
 * their actions: each action still needs its own permissions, with the
 * template user's credentials) and reads and cancels their own tasks;
 * platform admins read and cancel every task; template management and the
 * template editor's dry run are for catalog admins.
 */
export function scaffolderDecider(admins: CoreAdmins): PermissionDecider {
  return tableDecider(
    'scaffolder',
    new Map<string, CoreRule>([
      [templateParameterReadPermission.name, signedInUsers],
      [templateStepReadPermission.name, signedInUsers],
      [actionExecutePermission.name, signedInUsers],
      [taskCreatePermission.name, signedInUsers],
      [taskReadPermission.name, taskOwner(taskReadPermission)],
      [taskCancelPermission.name, taskOwner(taskCancelPermission)],
      [templateDryRunPermission.name, catalogAdminsOnly],
      [templateManagementPermission.name, catalogAdminsOnly],
    ]),
    admins,
  );
}
