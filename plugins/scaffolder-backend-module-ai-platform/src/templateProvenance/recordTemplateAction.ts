import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { dropSecretValues } from './dropSecretValues';
import {
  checkRecordIdentity,
  checkTemplateVersion,
  TEMPLATE_RECORD_PATH,
} from './provenance';
import { TEMPLATE_VERSION_ANNOTATION } from '@ai-platform/plugin-ai-platform-common';
import { recordTemplateExamples } from './recordTemplateAction.examples';
import { stampRendering } from './stampRendering';

/**
 * `ai-platform:template:record`: run right after a template's
 * `fetch:template`, it records which template and version made the project
 * and the values its skeleton was rendered with, so
 * `ai-platform:template:upgrade` can later bring the project to a newer
 * version of the template.
 *
 * @public
 */
export function createRecordTemplateAction() {
  return createTemplateAction({
    id: 'ai-platform:template:record',
    description: `Records the template, its version (the Template's ${TEMPLATE_VERSION_ANNOTATION} annotation) and the skeleton values in ${TEMPLATE_RECORD_PATH} and as annotations of the project's catalog entities, for later upgrades.`,
    examples: recordTemplateExamples,
    supportsDryRun: true,
    schema: {
      input: {
        values: z =>
          z
            .record(z.string(), z.any())
            .describe(
              'The values the skeleton step rendered with (the same map as its values input)',
            ),
        skeletonStep: z =>
          z
            .string()
            .optional()
            .describe(
              'Id of the fetch:template step that rendered the skeleton; fetch by default',
            ),
        secretFields: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Fields of values never to record; fields carrying a task secret are dropped anyway',
            ),
      },
      output: {
        templateRef: z => z.string().describe('The template recorded'),
        version: z => z.string().describe('The template version recorded'),
        droppedFields: z =>
          z.array(z.string()).describe('Fields left out as secrets'),
      },
    },
    async handler(ctx) {
      const templateRef = ctx.templateInfo?.entityRef;
      if (!templateRef) {
        throw new InputError(
          'ai-platform:template:record runs only inside a template from the catalog',
        );
      }
      const skeletonStep = ctx.input.skeletonStep ?? 'fetch';
      checkRecordIdentity(templateRef, skeletonStep);
      const version = checkTemplateVersion(
        templateRef,
        ctx.templateInfo?.entity?.metadata.annotations?.[
          TEMPLATE_VERSION_ANNOTATION
        ],
      );
      const { values, dropped } = dropSecretValues(
        ctx.input.values as JsonObject,
        { secretFields: ctx.input.secretFields, secrets: ctx.secrets },
      );
      const record = await stampRendering(ctx.workspacePath, {
        templateRef,
        version,
        skeletonStep,
        values,
      });
      ctx.logger.info(
        `Recorded ${templateRef} version ${version} with ${
          Object.keys(record.rendering).length
        } rendered files`,
        { templateRef, version, droppedFields: dropped },
      );
      ctx.output('templateRef', templateRef);
      ctx.output('version', version);
      ctx.output('droppedFields', dropped);
    },
  });
}
