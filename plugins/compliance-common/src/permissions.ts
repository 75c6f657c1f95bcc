import { createPermission } from '@backstage/plugin-permission-common';

/** Reading scores, check results, history and evidence. @public */
export const complianceScoreReadPermission = createPermission({
  name: 'compliance.score.read',
  attributes: { action: 'read' },
});

/** Granting a waiver for a failing check; compliance approvers only. @public */
export const complianceWaiverCreatePermission = createPermission({
  name: 'compliance.waiver.create',
  attributes: { action: 'create' },
});

/** Revoking a waiver; compliance approvers only. @public */
export const complianceWaiverDeletePermission = createPermission({
  name: 'compliance.waiver.delete',
  attributes: { action: 'delete' },
});

/** Starting an evaluation on demand; compliance approvers only. @public */
export const complianceEvaluationRunPermission = createPermission({
  name: 'compliance.evaluation.run',
  attributes: { action: 'update' },
});

/**
 * Re-scoring one entity now from its current inputs (the entity page's
 * "Re-check now"); writes only what a scheduled run would. @public
 */
export const complianceEntityEvaluatePermission = createPermission({
  name: 'compliance.entity.evaluate',
  attributes: { action: 'update' },
});

/** Every permission of the compliance plugin. @public */
export const compliancePermissions = [
  complianceScoreReadPermission,
  complianceWaiverCreatePermission,
  complianceWaiverDeletePermission,
  complianceEvaluationRunPermission,
  complianceEntityEvaluatePermission,
];
