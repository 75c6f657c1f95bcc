export { wholeWordsCell } from './cellStyles';
