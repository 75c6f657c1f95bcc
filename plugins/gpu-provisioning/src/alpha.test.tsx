import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import plugin, { entityGpuAllocationsCard } from './alpha';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { capacity, catalogEntities, classes, policy } from './__fixtures__/gpu';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('gpu-provisioning (new frontend system)', () => {
  it('is the gpu-provisioning plugin', () => {
    expect(plugin.pluginId).toBe('gpu-provisioning');
    expect(plugin.routes.root).toBeDefined();
  });

  it.each([
    'api:gpu-provisioning',
    'page:gpu-provisioning',
    'entity-card:gpu-provisioning/gpu-allocations',
  ] as const)('provides the %s extension', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });

  it.each([
    ['Group', true],
    ['Component', true],
    ['System', true],
    ['API', false],
    ['User', false],
  ])('shows the card on %s pages: %s', (kind, shown) => {
    const tester = createExtensionTester(entityGpuAllocationsCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(entity(kind))).toBe(shown);
  });

  it('serves the page at /gpu with its tabs', async () => {
    const api = gpuProvisioningApiMock({
      getCapacity: jest.fn().mockResolvedValue(capacity),
      getClasses: jest.fn().mockResolvedValue({ items: classes, policy }),
      listRequests: jest.fn().mockResolvedValue({ items: [] }),
    });
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/gpu/requests'],
      apis: [
        api,
        mockApis.identity({ userEntityRef: 'user:default/guest' }),
        catalogApiMock({ entities: catalogEntities }),
      ],
    });
    expect(
      await screen.findByRole('tab', { name: 'My requests', selected: true }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'GPU provisioning', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Capacity' })).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Request GPUs' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('tab', { name: 'Approvals' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('You have no GPU requests yet'),
    ).toBeInTheDocument();
  });
});
