import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of cost subjects in the permission framework. The
 * resource ref is a catalog entity ref: a Group (team, department, org) or
 * any other entity (component, resource, system) whose costs are asked for.
 *
 * @public
 */
export const COST_RESOURCE_TYPE = 'cost-subject';

/**
 * Reading the costs of a group or entity; conditional on being a member of
 * the owning team or of one of its ancestors, or an admin (`cost.admins`).
 *
 * @public
 */
export const costReadPermission = createPermission({
  name: 'cost.read',
  attributes: { action: 'read' },
  resourceType: COST_RESOURCE_TYPE,
});

/**
 * Creating, changing and deleting a group's budget; conditional on being a
 * member of one of the group's ancestors (a manager), or an admin.
 *
 * @public
 */
export const costBudgetManagePermission = createPermission({
  name: 'cost.budget.manage',
  attributes: { action: 'update' },
  resourceType: COST_RESOURCE_TYPE,
});

/**
 * Ingesting billing files (upload, folder scan) and reading ingest status.
 *
 * @public
 */
export const costIngestPermission = createPermission({
  name: 'cost.ingest',
  attributes: { action: 'create' },
});

/**
 * Exporting organisation-wide data for finance: Kubernetes GPU cost as FOCUS
 * rows.
 *
 * @public
 */
export const costFocusExportPermission = createPermission({
  name: 'cost.focus.export',
  attributes: { action: 'read' },
});

/**
 * Every permission of the cost plugin family.
 *
 * @public
 */
export const costPermissions = [
  costReadPermission,
  costBudgetManagePermission,
  costIngestPermission,
  costFocusExportPermission,
];
