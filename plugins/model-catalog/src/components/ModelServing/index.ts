export { ModelServingContent } from './ModelServingContent';
export { ServingCard } from './ServingCard';
export type { ServingCardProps } from './ServingCard';
