export { ModelExplorerPage } from './ModelExplorerPage';
export { ModelExplorerContent } from './ModelExplorerContent';
