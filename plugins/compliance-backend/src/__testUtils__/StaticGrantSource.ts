import { GrantRecord, GrantSource } from '../facts/GrantFactRetriever';

/** A read of grants held back until a test releases it. */
export interface HeldRead {
  /** Resolves once a read has taken the grants and is waiting. */
  reached: Promise<void>;
  /** Lets the held read answer, with the grants it took. */
  release(): void;
}

/** Grants held in memory, standing in for the gpu-provisioning backend in tests. */
export class StaticGrantSource implements GrantSource {
  private held?: { reached(): void; released: Promise<void> };

  constructor(public grants: GrantRecord[]) {}

  /**
   * The next read takes the grants as they are then and waits until
   * released: an evaluation that read its facts before a later change.
   */
  holdNextRead(): HeldRead {
    let reached!: () => void;
    let release!: () => void;
    const read: HeldRead = {
      reached: new Promise(resolve => (reached = resolve)),
      release: () => release(),
    };
    this.held = {
      reached,
      released: new Promise(resolve => (release = resolve)),
    };
    return read;
  }

  async listGrants(): Promise<GrantRecord[]> {
    const grants = this.grants;
    const held = this.held;
    this.held = undefined;
    if (held) {
      held.reached();
      await held.released;
    }
    return grants;
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
