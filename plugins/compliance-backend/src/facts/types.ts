// The retriever contract lives in the -node package so other teams' modules can implement it.
export type {
  EntityFacts,
  FactContext,
  FactRetriever,
  GroupInfo,
} from '@ai-platform/plugin-compliance-node';
