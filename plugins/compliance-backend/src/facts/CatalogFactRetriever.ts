import { Entity } from '@backstage/catalog-model';
import {
  DATA_CLASSIFICATION_ANNOTATION,
  ON_CALL_ANNOTATIONS,
  TECHDOCS_ANNOTATION,
} from '@ai-platform/plugin-compliance-common';
import { ownerRefOf, refOf, systemRefOf } from './entityRefs';
import { EntityFacts, FactContext, FactRetriever } from './types';

/**
 * Facts from the entity itself and the catalog around it: owner, lifecycle,
 * system, description, data classification, docs and on-call.
 */
export class CatalogFactRetriever implements FactRetriever {
  readonly id = 'catalog';

  private constructor() {}

  static create(): CatalogFactRetriever {
    return new CatalogFactRetriever();
  }

  async retrieve(
    entities: Entity[],
    context: FactContext,
  ): Promise<Map<string, EntityFacts>> {
    const collectedAt = context.now.toISOString();
    const out = new Map<string, EntityFacts>();
    for (const entity of entities) {
      const annotations = entity.metadata.annotations ?? {};
      const owner = ownerRefOf(entity);
      const system = systemRefOf(entity);
      const lifecycle = entity.spec?.lifecycle;
      out.set(refOf(entity), {
        retriever: this.id,
        collectedAt,
        values: {
          'catalog.kind': entity.kind.toLocaleLowerCase('en-US'),
          'catalog.type':
            typeof entity.spec?.type === 'string'
              ? entity.spec.type
              : undefined,
          'catalog.owner': owner,
          'catalog.ownerIsGroup':
            !!owner && owner.startsWith('group:') && context.groups.has(owner),
          'catalog.lifecycle':
            typeof lifecycle === 'string' ? lifecycle : undefined,
          'catalog.system':
            system && context.knownRefs.has(system) ? system : undefined,
          'catalog.hasDescription':
            (entity.metadata.description ?? '').trim().length > 0,
          'catalog.dataClassification':
            annotations[DATA_CLASSIFICATION_ANNOTATION],
          'catalog.hasTechDocs': !!annotations[TECHDOCS_ANNOTATION]?.trim(),
          'catalog.hasOnCall': ON_CALL_ANNOTATIONS.some(
            a => !!annotations[a]?.trim(),
          ),
        },
      });
    }
    return out;
  }
}
