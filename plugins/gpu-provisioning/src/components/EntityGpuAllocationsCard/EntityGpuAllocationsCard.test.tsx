import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gpuApproverPermission } from '@ai-platform/plugin-gpu-provisioning-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { formatWeekdayTime } from '@ai-platform/plugin-ai-platform-react';
import { EntityGpuAllocationsCard } from './EntityGpuAllocationsCard';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { classes, makeRequest, policy } from '../../__fixtures__/gpu';
import { withFreshPermissionCache } from '@ai-platform/test-utils-react';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'ml-platform', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'assistant-api', namespace: 'default' },
  spec: { type: 'service', owner: 'ml-platform', lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/ml-platform' }],
};

const inHours = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000 + 30_000).toISOString();

function render(
  entity: Entity,
  items: ReturnType<typeof makeRequest>[],
  approver:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const api = gpuProvisioningApiMock({
    listRequests: jest.fn().mockResolvedValue({ items }),
    getClasses: jest.fn().mockResolvedValue({ classes, policy }),
  });
  renderInTestApp(
    withFreshPermissionCache(
      <EntityProvider entity={entity}>
        <EntityGpuAllocationsCard />
      </EntityProvider>,
    ),
    {
      apis: [
        api,
        mockApis.permission({
          authorize: request =>
            request.permission.name === gpuApproverPermission.name
              ? approver
              : AuthorizeResult.DENY,
        }),
      ],
    },
  );
  return api;
}

describe('EntityGpuAllocationsCard', () => {
  it.each([
    [
      'Group',
      group,
      { scope: 'all', team: 'group:default/ml-platform' },
      '/gpu/request?team=group%3Adefault%2Fml-platform',
    ],
    [
      'Component',
      component,
      { entityRef: 'component:default/assistant-api' },
      '/gpu/request?team=group%3Adefault%2Fml-platform&entityRef=component%3Adefault%2Fassistant-api',
    ],
  ])(
    'shows an empty state for a %s without grants',
    async (_kind, entity, query, requestLink) => {
      const api = render(entity, [makeRequest({ status: 'expired' })]);
      expect(await screen.findByText('No GPUs allocated')).toBeInTheDocument();
      expect(api.listRequests).toHaveBeenCalledWith({ scope: 'all', ...query });
      expect(
        screen.getByRole('link', { name: 'Request GPUs' }),
      ).toHaveAttribute('href', requestLink);
    },
  );

  it('lists the grants of the user’s teams to users who are not approvers', async () => {
    const api = render(group, [], AuthorizeResult.DENY);
    expect(await screen.findByText('No GPUs allocated')).toBeInTheDocument();
    expect(
      screen.getByText(/You see the grants of teams you belong to/),
    ).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledTimes(1);
    expect(api.listRequests).toHaveBeenCalledWith({
      scope: 'team',
      team: 'group:default/ml-platform',
    });
  });

  it('sums the GPUs held and shows the nearest expiry', async () => {
    render(group, [
      makeRequest({ count: 2, gpuHours: 16, expiresAt: inHours(30) }),
      makeRequest({
        id: 'b',
        count: 4,
        gpuHours: 96,
        cluster: 'gpu-b',
        namespace: 'gpu-ml-platform-bbbbbbbb',
        expiresAt: inHours(3),
      }),
      makeRequest({
        id: 'c',
        status: 'pending-approval',
        count: 8,
        gpuHours: 576,
        namespace: undefined,
        expiresAt: undefined,
      }),
      makeRequest({ id: 'd', status: 'released', count: 16 }),
    ]);
    const held = await screen.findByText('GPUs held');
    expect(held.nextElementSibling).toHaveTextContent('6');
    expect(
      screen.getByText('GPU-hours granted').nextElementSibling,
    ).toHaveTextContent('112');
    expect(
      screen.getByText('Nearest expiry').nextElementSibling,
    ).toHaveTextContent('3 h');
    expect(
      screen.getByText('1 request waiting for approval.'),
    ).toBeInTheDocument();

    const list = screen.getByRole('list', {
      name: 'GPU grants of ml-platform',
    });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('4 × A100 80GB on gpu-b');
    expect(items[0]).toHaveTextContent('gpu-ml-platform-bbbbbbbb · 3 h left');
    expect(
      screen.getByRole('link', { name: /Open GPU provisioning/ }),
    ).toHaveAttribute('href', '/gpu/requests');
  });

  it('shows a booked window as Scheduled, not as GPUs held', async () => {
    const startAt = inHours(26);
    render(group, [
      makeRequest({ count: 2, gpuHours: 16, expiresAt: inHours(3) }),
      makeRequest({
        id: 'e',
        status: 'approved',
        count: 4,
        gpuHours: 32,
        namespace: undefined,
        activeSince: undefined,
        startAt,
        expiresAt: inHours(34),
      }),
    ]);
    const held = await screen.findByText('GPUs held');
    expect(held.nextElementSibling).toHaveTextContent('2');
    expect(
      screen.getByText('GPU-hours granted').nextElementSibling,
    ).toHaveTextContent('16');
    expect(
      screen.getByText('1 booking scheduled to start later.'),
    ).toBeInTheDocument();
    const items = within(
      screen.getByRole('list', { name: 'GPU grants of ml-platform' }),
    ).getAllByRole('listitem');
    const scheduled = items.find(i => i.textContent?.includes('Scheduled'))!;
    expect(scheduled).toHaveTextContent('4 × A100 80GB on gpu-a');
    expect(scheduled).toHaveTextContent(
      `starts in 1 d 2 h (${formatWeekdayTime(startAt)}) · ${formatWeekdayTime(
        startAt,
      )} – `,
    );
  });
});
