export { IdleGrantsSection } from './IdleGrantsSection';
export type { IdleGrantsSectionProps } from './IdleGrantsSection';
