import { loadConfigSchema } from '@backstage/config-loader';

// The backend refuses to start when a package it depends on declares a
// config schema that cannot be read (a `configSchema` naming a missing file,
// or a schema that does not compile): check that here rather than in e2e.
describe("the backend's config schema", () => {
  it('loads from every package the backend depends on', async () => {
    const schema = await loadConfigSchema({ dependencies: ['backend'] });
    const { schemas } = schema.serialize() as unknown as {
      schemas: Array<{ packageName: string }>;
    };
    expect(schemas.map(s => s.packageName)).toEqual(
      expect.arrayContaining([
        '@ai-platform/plugin-ai-platform-node',
        '@ai-platform/plugin-gpu-provisioning-backend',
        '@ai-platform/plugin-gpu-metrics-backend',
        '@ai-platform/plugin-cost-backend',
        '@ai-platform/plugin-compliance-backend',
        '@ai-platform/plugin-catalog-backend-module-model-catalog',
      ]),
    );
  });
});
