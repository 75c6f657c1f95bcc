import type { Entity } from '@backstage/catalog-model';

/**
 * The facts one retriever gathered for one entity.
 *
 * @public
 */
export interface EntityFacts {
  /** The retriever's id, the prefix of its fact names. */
  retriever: string;
  /** When they were gathered, ISO 8601. */
  collectedAt: string;
  /** Fact values by full name, for example `catalog.lifecycle`. */
  values: Record<string, unknown>;
  /** Why the facts could not be gathered; checks that read them are `unknown`. */
  error?: string;
}

/**
 * A group of the catalog, for ownership checks (its place in the tree is the
 * shared `CatalogGroupTree`'s).
 *
 * @public
 */
export interface GroupInfo {
  /** The group's entity ref. */
  ref: string;
  /** The group's title, when it has one. */
  title?: string;
}

/**
 * What every retriever may look up besides the entities it is given.
 *
 * @public
 */
export interface FactContext {
  /** Every group of the catalog by lower-cased ref. */
  groups: Map<string, GroupInfo>;
  /** Every entity ref of the catalog, lower-cased. */
  knownRefs: Set<string>;
  /** The time the run started. */
  now: Date;
}

/**
 * Gathers one family of facts. A retriever never throws for one entity's bad
 * data: it returns `error` in that entity's facts instead.
 *
 * @public
 */
export interface FactRetriever {
  /** The fact name prefix, unique among retrievers: `catalog`, `k8s`, `grants`, `models` or a module's own. */
  readonly id: string;
  /** Facts for each entity, by the entity's lower-cased ref. */
  retrieve(
    entities: Entity[],
    context: FactContext,
  ): Promise<Map<string, EntityFacts>>;
}

/**
 * Framework, control and check definitions from code, in the shape of a
 * definitions file (`checks`, `frameworks`, `crosswalk`, or one framework).
 *
 * @public
 */
export interface ComplianceDefinitionSource {
  /** Where they came from, named in error messages: a module id or file path. */
  origin: string;
  /** The parsed content, validated like a definitions file. */
  content: unknown;
}
