import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@ai-platform/test-utils';
import { DatabaseGrantStore } from '../DatabaseGrantStore';
import { NewGpuRequest } from '../types';

/** The fixture the store's capacity, reservation and extension tests share. */
export const HOUR = 3_600_000;
/** The store's clock in these tests. */
export const t0 = new Date('2025-06-01T12:00:00.000Z');
/** `h` hours after {@link t0}, ISO 8601. */
export const inHours = (h: number) =>
  new Date(t0.getTime() + h * HOUR).toISOString();
export const TEAM = 'group:default/conversational-ai';
export const OTHER = 'group:default/search';

/** A 4 × H100 request of {@link TEAM} for 4 hours, approved. */
export function newRequest(
  overrides: Partial<NewGpuRequest> = {},
): NewGpuRequest {
  return {
    team: TEAM,
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count: 4,
    durationHours: 4,
    purpose: 'training',
    dataClassification: 'internal',
    justification: 'Nightly training of the assistant',
    requestedBy: 'user:default/ana.assistant',
    status: 'approved',
    gpuHours: 16,
    estimatedCost: 72,
    requiresApproval: false,
    ...overrides,
  };
}

type TestDatabases = ReturnType<typeof createTestDatabases>;

/** A migrated store on one test database, its clock at `now` (default {@link t0}). */
export async function openGrantStore(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
  now: () => Date = () => t0,
) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseGrantStore.create({
    database: mockServices.database({ knex }),
    now,
  });
  return { knex, store };
}
