import { KubernetesObject } from '@kubernetes/client-node';
import { isDnsSubdomain, toDnsLabel } from '../dnsName';

/** What a scheduler's per-grant queue is built from, already made safe. */
export interface GrantQueueInput {
  /** The queue's name: the grant's namespace name (an RFC 1123 label, unique per grant). */
  name: string;
  /** The team's name, as the team's queue template gets it. */
  teamName: string;
  /** Labels and annotations every grant object carries. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The Kubernetes resource the grant is counted in (`nvidia.com/gpu` or a MIG one). */
  gpuResource: string;
  count: number;
  /** Set when the team shares its department's quota (KAI and Volcano). */
  sharing?: GrantSharing;
}

/**
 * How a grant of a team in a sharing department may go above its GPUs on
 * KAI and Volcano clusters: by borrowing idle quota of its department.
 */
export interface GrantSharing {
  /** GPUs of its class it may use above the grant: its team's borrowing limit, else what the rest of the department holds. */
  borrowable: number;
  /** Whether borrowed GPUs may be taken back (`reclaimWithinCohort` not `Never`). */
  reclaimable: boolean;
}

/** A cluster-scoped queue a grant owns: applied and removed with it. */
export type GrantQueue = KubernetesObject & {
  metadata: { name: string; labels: Record<string, string> };
};

/**
 * A team queue's name from a config template, with `{team}` replaced by the
 * team's name as a DNS label (never the raw catalog value).
 */
export function teamQueueName(
  template: string,
  teamName: string,
  key: string,
): string {
  const team = toDnsLabel(teamName) ?? 'team';
  const name = template.replace(/\{team\}/g, team);
  if (!isDnsSubdomain(name)) {
    throw new Error(`${key} gives '${name}', which is not a valid queue name`);
  }
  return name;
}
