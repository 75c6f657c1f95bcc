export { CompliancePage, ComplianceContent } from './CompliancePage';
