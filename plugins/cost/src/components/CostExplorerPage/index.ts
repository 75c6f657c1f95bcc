export { CostExplorerPage } from './CostExplorerPage';
export { CostExplorerContent } from './CostExplorerContent';
