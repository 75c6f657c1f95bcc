export { downloadBlob } from './downloadBlob';
