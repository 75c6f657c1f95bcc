import { Entity } from '@backstage/catalog-model';
import { EntityCheckResult } from '@ai-platform/plugin-compliance-common';
import { EntityComplianceResponse, FrameworksResponse } from '../api';

export const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'assistant-api', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'conversational-ai',
    lifecycle: 'production',
  },
};

export const frameworks: FrameworksResponse = {
  frameworks: [
    { id: 'hipaa', title: 'HIPAA Security Rule', controls: [] },
    { id: 'soc2', title: 'SOC 2 (Trust Services Criteria)', controls: [] },
  ],
  checks: [],
  levels: [],
};

function check(
  checkId: string,
  status: EntityCheckResult['status'],
  severity: EntityCheckResult['severity'],
): EntityCheckResult {
  return {
    entityRef: 'component:default/assistant-api',
    checkId,
    status,
    severity,
    title: `Title of ${checkId}`,
    weight: 1,
    explanation: `Why ${checkId}`,
    howToFix: `Fix ${checkId}`,
    controls: [{ frameworkId: 'hipaa', controlId: '164.312(e)(1)' }],
    evaluatedAt: '2026-11-22T06:00:00.000Z',
    evidence: { facts: {}, collectedAt: {} },
  };
}

export const assistantCompliance: EntityComplianceResponse = {
  entityRef: 'component:default/assistant-api',
  evaluatedAt: '2026-11-22T06:00:00.000Z',
  canManageWaivers: true,
  frameworks: [
    {
      frameworkId: 'hipaa',
      score: 42.5,
      level: null,
      passed: 4,
      failed: 6,
      waived: 0,
      unknown: 0,
      notApplicable: 0,
    },
    {
      frameworkId: 'soc2',
      score: 85,
      level: 'Silver',
      passed: 12,
      failed: 2,
      waived: 0,
      unknown: 0,
      notApplicable: 0,
    },
  ],
  checks: [
    check('k8s-default-deny-network-policy', 'fail', 'high'),
    check('catalog-owner-is-group', 'pass', 'high'),
  ],
  waivers: [],
};
