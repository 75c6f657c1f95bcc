export { complianceApiRef } from './ComplianceApi';
export type {
  ComplianceApi,
  EntityComplianceResponse,
  FrameworksResponse,
} from './ComplianceApi';
export { ComplianceClient } from './ComplianceClient';
