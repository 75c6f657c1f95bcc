import {
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  TEMPLATE_REF_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@ai-platform/plugin-ai-platform-common';

/** The upgrade template of the suite (templates/template-upgrade). */
export const UPGRADE_TEMPLATE_REF = 'template:default/template-upgrade';

/**
 * What a project's entity says about the template it was made from. The
 * annotations are catalog input anyone who can edit the project may write, so
 * a malformed template ref is reported, never followed.
 */
export type TemplateProvenance =
  | {
      kind: 'recorded';
      /** The Template's ref, normalised (`template:<namespace>/<name>`, lower case). */
      templateRef: string;
      /** The version the project was made from or last upgraded to, if recorded. */
      version?: string;
    }
  | { kind: 'malformed'; value: string };

const validator = makeValidator();

/**
 * A Template ref in one spelling (lower case, namespace filled in), so refs
 * written differently compare equal; undefined unless it is a Template ref
 * whose namespace and name the catalog would accept.
 */
export function normaliseTemplateRef(value: string): string | undefined {
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'template',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
  if (
    ref.kind.toLowerCase() !== 'template' ||
    !validator.isValidNamespace(ref.namespace.toLowerCase()) ||
    !validator.isValidEntityName(ref.name)
  ) {
    return undefined;
  }
  return stringifyEntityRef(ref).toLowerCase();
}

/** The template provenance annotations of an entity, or undefined without them. */
export function readTemplateProvenance(
  entity: Entity,
): TemplateProvenance | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const value = annotations[TEMPLATE_REF_ANNOTATION];
  if (value === undefined || value.trim() === '') return undefined;
  const templateRef = normaliseTemplateRef(value);
  if (!templateRef) return { kind: 'malformed', value };
  const version = annotations[TEMPLATE_VERSION_ANNOTATION]?.trim();
  return { kind: 'recorded', templateRef, version: version || undefined };
}

/**
 * Whether an entity records the template it was made from, for showing the
 * template upgrade card only where it has something to say.
 *
 * @public
 */
export function isTemplateProvenanceAvailable(entity: Entity): boolean {
  return readTemplateProvenance(entity) !== undefined;
}

/** A Template's current version, or undefined when it carries none. */
export function templateVersionOf(template: Entity): string | undefined {
  return (
    template.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION]?.trim() ||
    undefined
  );
}
