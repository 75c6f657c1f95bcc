import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import plugin, { entityGpuUsageCard, groupGpuUsageCard } from './alpha';
import { gpuMetricsApiMock } from './__testUtils__/gpuMetricsApiMock';
import { fleetHeatmap, fleetUsage } from './__fixtures__/metrics';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('gpu-metrics (new frontend system)', () => {
  it('is the gpu-metrics plugin', () => {
    expect(plugin.pluginId).toBe('gpu-metrics');
    expect(plugin.routes.root).toBeDefined();
  });

  it.each([
    'api:gpu-metrics',
    'page:gpu-metrics',
    'entity-card:gpu-metrics/gpu-usage',
    'entity-card:gpu-metrics/group-gpu-usage',
  ] as const)('provides the %s extension', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });

  it.each([
    ['Component', true, false],
    ['System', true, false],
    ['Group', false, true],
    ['API', false, false],
    ['User', false, false],
  ])(
    'on %s pages shows the GPU usage card: %s, the team card: %s',
    (kind, entityCard, groupCard) => {
      const ref = EntityCardBlueprint.dataRefs.filterFunction;
      const entityFilter = createExtensionTester(entityGpuUsageCard).get(ref);
      const groupFilter = createExtensionTester(groupGpuUsageCard).get(ref);
      expect(entityFilter?.(entity(kind))).toBe(entityCard);
      expect(groupFilter?.(entity(kind))).toBe(groupCard);
    },
  );

  it('serves the page at /gpu-usage', async () => {
    // Load the page's lazy module up front: compiling it takes a while.
    await import('./components/GpuUsagePage');
    const api = gpuMetricsApiMock({
      getFleetUsage: jest.fn().mockResolvedValue({ ...fleetUsage, idle: [] }),
      getFleetHeatmap: jest.fn().mockResolvedValue(fleetHeatmap),
    });
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/gpu-usage'],
      apis: [api],
    });
    expect(
      await screen.findByRole(
        'figure',
        { name: 'Utilisation heat map' },
        // The page's lazy loader imports the charts on first use.
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'GPU usage', level: 1 }),
    ).toBeInTheDocument();
  }, 30_000);
});
