export { IdleGrantsSection } from './IdleGrantsSection';
