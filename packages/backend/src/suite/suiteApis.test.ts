import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import catalogModuleModelCatalog from '@ai-platform/plugin-catalog-backend-module-model-catalog';
import compliancePlugin from '@ai-platform/plugin-compliance-backend';
import approvalsPlugin from '@ai-platform/plugin-approvals-backend';
import costPlugin from '@ai-platform/plugin-cost-backend';
import gpuMetricsPlugin from '@ai-platform/plugin-gpu-metrics-backend';
import gpuProvisioningPlugin from '@ai-platform/plugin-gpu-provisioning-backend';
import { waitFor } from '@ai-platform/test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity, RELATION_PROVIDES_API } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { JsonObject } from '@backstage/types';
import { parse } from 'yaml';
import { suiteTestConfig } from '../security/__testUtils__/startSuiteBackend';
import { SuiteClient } from './__testUtils__/SuiteClient';

/**
 * Issue 15: every suite API is in the catalog with its OpenAPI definition.
 * The real catalog runs the demo config's catalog section (its file
 * locations and `catalog.providers.aiPlatformApis`) next to the real suite
 * backends, whose documents the provider reads over HTTP.
 */

jest.setTimeout(180_000);

const REPO = resolve(__dirname, '../../../..');
/** The suite's APIs, each served by the backend plugin of the same id. */
const PLUGINS = [
  'gpu-provisioning',
  'gpu-metrics',
  'cost',
  'compliance',
  'approvals',
];

/**
 * The demo config's `catalog` block with its file locations made absolute
 * (they are relative to packages/backend, where the portal runs), less the
 * one under the runtime data folder.
 */
function demoCatalogConfig(): JsonObject {
  const demo = parse(
    readFileSync(join(REPO, 'app-config.demo.yaml'), 'utf8'),
  ) as { catalog: JsonObject & { locations: Array<{ target: string }> } };
  return {
    ...demo.catalog,
    processingInterval: { seconds: 1 },
    locations: demo.catalog.locations
      .filter(l => !l.target.includes('${'))
      .map(l => ({
        ...l,
        target: resolve(REPO, 'packages/backend', l.target),
      })),
  };
}

/** A backend's own document's paths, as its router mounts them. */
function sourcePaths(pluginId: string): string[] {
  const source = parse(
    readFileSync(
      join(REPO, `plugins/${pluginId}-backend/src/schema/openapi.yaml`),
      'utf8',
    ),
  ) as { paths: Record<string, unknown> };
  return Object.keys(source.paths)
    .map(p => `/api/${pluginId}${p}`)
    .sort();
}

describe('the suite APIs in the catalog', () => {
  it('lists each API with a definition that parses as its backend’s OpenAPI 3 document', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleModelCatalog,
        gpuProvisioningPlugin,
        gpuMetricsPlugin,
        costPlugin,
        compliancePlugin,
        approvalsPlugin,
        mockServices.rootConfig.factory({
          data: { ...suiteTestConfig, catalog: demoCatalogConfig() },
        }),
        actionsRegistryServiceFactory,
      ],
    });
    try {
      const api = new SuiteClient(`http://127.0.0.1:${backend.server.port()}`);
      const byName = await waitFor(async () => {
        const { items } = await api.get<{ items: Entity[] }>(
          'catalog',
          '/entities/by-query',
          { filter: 'kind=api' },
        );
        const found = new Map(items.map(e => [e.metadata.name, e]));
        return PLUGINS.every(id => found.has(`${id}-api`)) ? found : undefined;
      }, 60_000);

      for (const pluginId of PLUGINS) {
        const entity = byName.get(`${pluginId}-api`)!;
        expect(entity.spec).toMatchObject({
          type: 'openapi',
          lifecycle: 'production',
          owner: 'group:default/platform-engineering',
          system: 'developer-portal',
        });
        const definition = entity.spec!.definition;
        expect(typeof definition).toBe('string');
        const document = parse(definition as string);
        expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
        expect(document.info).toMatchObject({ title: pluginId });
        // Every route the backend documents, under the path it is served at.
        expect(Object.keys(document.paths).sort()).toEqual(
          sourcePaths(pluginId),
        );
      }

      // The portal's component provides them, as the demo catalog says.
      const portal = await waitFor(async () => {
        const entity = await api.get<Entity>(
          'catalog',
          '/entities/by-name/component/default/ai-platform-portal',
        );
        const provided = (entity.relations ?? []).filter(
          r => r.type === RELATION_PROVIDES_API,
        );
        return provided.length === PLUGINS.length ? provided : undefined;
      }, 60_000);
      expect(portal.map(r => r.targetRef).sort()).toEqual(
        PLUGINS.map(id => `api:default/${id}-api`).sort(),
      );
    } finally {
      await backend.stop();
    }
  });
});
