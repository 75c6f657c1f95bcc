import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/**
 * The fleet page of template versions, `/golden-paths` by default.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'golden-paths' });

/**
 * The approvals inbox, `/golden-paths/approvals` by default: the pending
 * approvals of the user's groups (`ai-platform:approval:await` links to it).
 *
 * @public
 */
export const approvalsRouteRef = createRouteRef({
  id: 'golden-paths-approvals',
});

/**
 * A template's form in the scaffolder, where the Upgrade button leads.
 * Bound to the scaffolder's `selectedTemplate` route by default on the new
 * frontend system; apps on the legacy system bind it in `bindRoutes`.
 *
 * @public
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  id: 'golden-paths-scaffolder-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});

/**
 * A scaffolder task's page, where the fleet page links each open upgrade.
 * Bound to the scaffolder's `ongoingTask` route by default on the new
 * frontend system.
 *
 * @public
 */
export const scaffolderTaskRouteRef = createExternalRouteRef({
  id: 'golden-paths-scaffolder-task',
  params: ['taskId'],
  optional: true,
  defaultTarget: 'scaffolder.ongoingTask',
});
