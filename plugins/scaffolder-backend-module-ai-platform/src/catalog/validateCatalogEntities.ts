import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  Entity,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  makeValidator,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';

const kindValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

/**
 * Parses a catalog-info.yaml and checks every entity in it the way the
 * catalog does: the envelope and metadata schema, field formats (names,
 * annotation keys, entity refs in relations) and the kind's own schema.
 * Throws an `InputError` naming the document and the problem.
 *
 * @public
 */
export async function validateCatalogEntities(
  yamlText: string,
  source = 'catalog-info.yaml',
): Promise<Entity[]> {
  const documents = parseAllDocuments(yamlText);
  const entities: Entity[] = [];
  const schemaPolicy = new SchemaValidEntityPolicy();
  const formatPolicy = new FieldFormatEntityPolicy(makeValidator());
  for (const [index, doc] of documents.entries()) {
    const where = `${source} document ${index + 1}`;
    if (doc.errors.length > 0) {
      throw new InputError(
        `${where} is not valid YAML: ${doc.errors[0].message}`,
      );
    }
    const entity = doc.toJS() as Entity | null;
    if (entity === null) continue;
    try {
      await schemaPolicy.enforce(entity);
      await formatPolicy.enforce(entity);
      let known = false;
      for (const validator of kindValidators) {
        if (await validator.check(entity)) known = true;
      }
      if (!known) {
        throw new Error(
          `kind ${entity.kind} (${entity.apiVersion}) is not a catalog kind this portal accepts`,
        );
      }
    } catch (error) {
      throw new InputError(
        `${where} (${entity?.kind ?? '?'} ${
          entity?.metadata?.name ?? '?'
        }) is not a valid entity: ${(error as Error).message}`,
      );
    }
    entities.push(entity);
  }
  if (entities.length === 0) {
    throw new InputError(`${source} has no entities`);
  }
  return entities;
}
