import { GpuAssignment } from '../api/controllers/GpuAllocator';
import { StoreSnapshot } from '../api/ObjectStore';

/** What one simulated cluster keeps across restarts. */
export interface ClusterState {
  /** The cluster's objects and revision. */
  store: StoreSnapshot;
  /** Which pod holds which GPUs. */
  gpuAssignments: GpuAssignment[];
}

/** The fleet's state file: each cluster's state by name. */
export interface FleetState {
  version: 1;
  clusters: Record<string, ClusterState>;
}
