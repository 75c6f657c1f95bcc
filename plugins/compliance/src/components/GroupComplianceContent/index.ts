export {
  GroupComplianceContent,
  ComplianceOverview,
} from './GroupComplianceContent';
