export { EntityQuotaSharingCard } from './EntityQuotaSharingCard';
