export { GoldenPathsPage, GoldenPathsContent } from './GoldenPathsPage';
