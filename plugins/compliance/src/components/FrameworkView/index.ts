export { FrameworkView } from './FrameworkView';
