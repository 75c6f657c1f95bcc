import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_DATA_CLASSIFICATION,
  ANNOTATION_MODEL_CARD,
  getModelMetadata,
  isModelEntity,
} from '@ai-platform/plugin-model-catalog-common';
import { DATA_CLASSIFICATIONS } from '@ai-platform/plugin-compliance-common';
import { fullRef, refOf } from './entityRefs';
import { EntityFacts, FactContext, FactRetriever } from './types';

function rank(classification: unknown): number {
  return DATA_CLASSIFICATIONS.indexOf(
    classification as (typeof DATA_CLASSIFICATIONS)[number],
  );
}

/**
 * Facts about model entities (`Resource` of type `ai-model`): model card,
 * licence, base-model lineage, evaluations and data classification.
 */
export class ModelFactRetriever implements FactRetriever {
  readonly id = 'models';

  private constructor(private readonly allowedLicenses: Set<string>) {}

  static create(options: { allowedLicenses: string[] }): ModelFactRetriever {
    return new ModelFactRetriever(
      new Set(options.allowedLicenses.map(l => l.toLocaleLowerCase('en-US'))),
    );
  }

  async retrieve(
    entities: Entity[],
    context: FactContext,
  ): Promise<Map<string, EntityFacts>> {
    const collectedAt = context.now.toISOString();
    const out = new Map<string, EntityFacts>();
    for (const entity of entities) {
      if (!isModelEntity(entity)) {
        out.set(refOf(entity), {
          retriever: this.id,
          collectedAt,
          values: { 'models.isModel': false },
        });
        continue;
      }
      const model = getModelMetadata(entity);
      const namespace = entity.metadata.namespace ?? 'default';
      const baseModel = fullRef(model.baseModel, {
        defaultKind: 'resource',
        defaultNamespace: namespace,
      });
      const dependsOn = (
        Array.isArray(entity.spec?.dependsOn) ? entity.spec.dependsOn : []
      ).map(r =>
        fullRef(r, { defaultKind: 'resource', defaultNamespace: namespace }),
      );
      const classification =
        entity.metadata.annotations?.[ANNOTATION_DATA_CLASSIFICATION];
      const training = model.trainingDataClassification;
      const license =
        typeof model.license === 'string' ? model.license : undefined;
      out.set(refOf(entity), {
        retriever: this.id,
        collectedAt,
        values: {
          'models.isModel': true,
          // A URL or a path relative to the entity's location, read by the URL reader.
          'models.hasModelCard':
            !!entity.metadata.annotations?.[ANNOTATION_MODEL_CARD]?.trim(),
          'models.modelCard':
            entity.metadata.annotations?.[ANNOTATION_MODEL_CARD],
          'models.license': license,
          'models.licenseAllowed':
            !!license &&
            this.allowedLicenses.has(license.toLocaleLowerCase('en-US')),
          'models.baseModel': baseModel,
          'models.lineageRecorded':
            model.baseModel === undefined ||
            (!!baseModel &&
              dependsOn.includes(baseModel) &&
              context.knownRefs.has(baseModel)),
          'models.evaluationCount': Array.isArray(model.evaluations)
            ? model.evaluations.length
            : 0,
          'models.dataClassification': classification,
          'models.trainingDataClassification': training,
          'models.classificationConsistent':
            rank(classification) >= 0 &&
            (training === undefined || rank(classification) >= rank(training)),
        },
      });
    }
    return out;
  }
}
