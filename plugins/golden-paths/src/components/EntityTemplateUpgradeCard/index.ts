export { EntityTemplateUpgradeCard } from './EntityTemplateUpgradeCard';
