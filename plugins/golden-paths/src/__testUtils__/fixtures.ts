import { Entity } from '@backstage/catalog-model';
import { ScaffolderTask } from '@backstage/plugin-scaffolder-common';

/** A suite Template at `version`. */
export function template(name: string, version?: string): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      namespace: 'default',
      title: `${name} title`,
      annotations: version
        ? { 'ai-platform.io/template-version': version }
        : {},
    },
    spec: { type: 'service', owner: 'group:default/ml-platform' },
  };
}

/** A Component made from `templateRef` at `version`, owned by `owner`. */
export function project(
  name: string,
  options: { templateRef?: string; version?: string; owner?: string },
): Entity {
  const annotations: Record<string, string> = {};
  if (options.templateRef !== undefined) {
    annotations['ai-platform.io/template-ref'] = options.templateRef;
  }
  if (options.version !== undefined) {
    annotations['ai-platform.io/template-version'] = options.version;
  }
  const owner = options.owner ?? 'conversational-ai';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/** A scaffolder task of `templateRef` for `entityRef`. */
export function task(
  id: string,
  options: {
    entityRef: unknown;
    status: ScaffolderTask['status'];
    createdAt: string;
    templateRef?: string;
  },
): ScaffolderTask {
  return {
    id,
    status: options.status,
    createdAt: options.createdAt,
    spec: {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      parameters: { entityRef: options.entityRef } as any,
      steps: [],
      output: {},
      templateInfo: {
        entityRef: options.templateRef ?? 'template:default/template-upgrade',
      },
    },
  };
}
