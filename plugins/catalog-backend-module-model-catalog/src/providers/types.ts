// The source contract lives in the -node package so other teams' modules can implement it.
export type {
  ModelSource,
  SourceSnapshot,
} from '@ai-platform/plugin-model-catalog-node';
