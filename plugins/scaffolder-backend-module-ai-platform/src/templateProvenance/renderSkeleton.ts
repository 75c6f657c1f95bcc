import { parseLocationRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';

/** The URL a template's relative `fetch:template` paths resolve against, as the scaffolder computes it. */
function templateBaseUrl(template: TemplateEntityV1beta3): string | undefined {
  const annotations = template.metadata.annotations ?? {};
  const location =
    annotations['backstage.io/source-location'] ??
    annotations['backstage.io/managed-by-location'];
  if (!location) return undefined;
  const { type, target } = parseLocationRef(location);
  if (type === 'url') return target;
  if (type === 'file') return `file://${target}`;
  return undefined;
}

function hasExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${{');
  if (Array.isArray(value)) return value.some(hasExpression);
  if (value !== null && typeof value === 'object') {
    return Object.values(value).some(hasExpression);
  }
  return false;
}

/**
 * Renders a template's skeleton step into `dir` with recorded values, by
 * running the scaffolder's own `fetch:template` action (the same nunjucks
 * renderer, filters and file handling as the original run) on the step's
 * input with `values` replaced. The step's other inputs must be literals:
 * there is no task to evaluate `${{ }}` against.
 */
export async function renderSkeleton(options: {
  fetchTemplate: TemplateAction<any, any, any>;
  ctx: ActionContext<any, any, any>;
  template: TemplateEntityV1beta3;
  templateRef: string;
  stepId: string;
  values: JsonObject;
  dir: string;
}): Promise<void> {
  const { template, templateRef, stepId } = options;
  const step = template.spec.steps.find(s => s.id === stepId);
  if (!step || step.action !== 'fetch:template') {
    throw new InputError(
      `${templateRef} has no fetch:template step '${stepId}' to render the skeleton with`,
    );
  }
  const { values: _ignored, ...input } = (step.input ?? {}) as JsonObject;
  if (hasExpression(input)) {
    throw new InputError(
      `${templateRef}: the inputs of step '${stepId}' other than values must be literals to be re-rendered`,
    );
  }
  await options.fetchTemplate.handler({
    ...options.ctx,
    workspacePath: options.dir,
    input: { ...input, values: options.values },
    templateInfo: {
      entityRef: templateRef,
      baseUrl: templateBaseUrl(template),
      entity: { metadata: template.metadata },
    },
    output: () => {},
  });
}
