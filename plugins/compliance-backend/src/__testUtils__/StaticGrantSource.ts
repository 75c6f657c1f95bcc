import { GrantRecord, GrantSource } from '../facts/GrantFactRetriever';

/** Grants held in memory, standing in for the gpu-provisioning backend in tests. */
export class StaticGrantSource implements GrantSource {
  constructor(public grants: GrantRecord[]) {}

  async listGrants(): Promise<GrantRecord[]> {
    return this.grants;
  }
}

/** GPU grants of the demo teams, as the gpu-provisioning backend lists them. */
export const DEMO_GRANTS: GrantRecord[] = [
  {
    id: 'grant-assistant-dev',
    entityRef: 'component:default/assistant-api',
    team: 'group:default/conversational-ai',
    cluster: 'gpu-dev',
    status: 'active',
    dataClassification: 'restricted',
    justification: 'Evaluate the new assistant model on customer transcripts',
    durationHours: 72,
    expiresAt: '2099-01-01T00:00:00.000Z',
    namespace: 'gpu-conversational-ai-1',
  },
  {
    id: 'grant-search-embedding',
    entityRef: 'component:default/search-embedding-service',
    team: 'group:default/search-relevance',
    cluster: 'gpu-prod',
    status: 'active',
    dataClassification: 'internal',
    justification: 'Re-embed the product catalogue after the schema change',
    durationHours: 48,
    expiresAt: '2099-01-01T00:00:00.000Z',
  },
  {
    id: 'grant-released',
    entityRef: 'component:default/search-embedding-service',
    team: 'group:default/search-relevance',
    cluster: 'gpu-dev',
    status: 'released',
    dataClassification: 'restricted',
    justification: '',
  },
];
