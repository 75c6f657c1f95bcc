import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';

/**
 * What one read of a source produced.
 *
 * @public
 */
export interface SourceSnapshot {
  /** Every entity the source holds now; the catalog replaces the previous set. */
  entities: Entity[];
}

/**
 * A source of model (or model-server) entities: one registry or one cluster.
 *
 * @public
 */
export interface ModelSource {
  /** `<kind>:<id>`, the value of `ai-platform.io/model-source`. */
  readonly id: string;
  /** Reads the whole source; throws when it cannot. */
  read(): Promise<SourceSnapshot>;
}

/**
 * A source another module adds, with how the catalog reads it.
 *
 * @public
 */
export interface ModelSourceRegistration {
  /** The source. */
  source: ModelSource;
  /** Where the entities come from, for `backstage.io/managed-by-location`: `url:<registry address>`. */
  locationRef: string;
  /** How often the source is read. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}
