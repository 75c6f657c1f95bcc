import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { QuotaSharingResponse } from '@ai-platform/plugin-gpu-provisioning-common';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { classes, policy } from '../../__fixtures__/gpu';
import { EntityQuotaSharingCard } from './EntityQuotaSharingCard';

const vision: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'vision', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const borrowing: QuotaSharingResponse = {
  team: 'group:default/vision',
  items: [
    {
      cluster: 'gpu-prod',
      clusterQueue: 'vision',
      cohort: 'ai-division',
      reclaimWithinCohort: 'Any',
      reclaim:
        'When a team needs its own quota back, Kueue preempts the workloads borrowing it at once (lowest priority and newest first), so borrowed GPUs can stop at any time.',
      classes: [
        {
          gpuClass: 'h100',
          flavor: 'h100',
          members: [
            {
              clusterQueue: 'vision',
              team: 'group:default/vision',
              nominal: 2,
              inUse: 4,
              borrowed: 2,
              lent: 0,
              idle: 0,
              borrowingLimit: 2,
            },
            {
              clusterQueue: 'conversational-ai',
              team: 'group:default/conversational-ai',
              nominal: 4,
              inUse: 1,
              borrowed: 0,
              lent: 2,
              idle: 1,
            },
          ],
          loans: [
            {
              fromClusterQueue: 'conversational-ai',
              fromTeam: 'group:default/conversational-ai',
              toClusterQueue: 'vision',
              toTeam: 'group:default/vision',
              gpus: 2,
            },
          ],
        },
      ],
    },
  ],
  errors: [{ cluster: 'gpu-dev', message: 'connect ECONNREFUSED' }],
};

async function errorOf(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

function render(getQuotaSharing: jest.Mock) {
  const api = gpuProvisioningApiMock({
    getQuotaSharing,
    getClasses: jest.fn().mockResolvedValue({ classes, policy }),
  });
  renderInTestApp(
    <EntityProvider entity={vision}>
      <EntityQuotaSharingCard />
    </EntityProvider>,
    { apis: [api] },
  );
  return api;
}

describe('EntityQuotaSharingCard', () => {
  it('draws each member’s nominal quota split into in use, lent and idle, the borrowing, who borrows from whom and the reclaim policy', async () => {
    const api = render(jest.fn().mockResolvedValue(borrowing));
    const section = await screen.findByRole('region', {
      name: 'Shared quota on gpu-prod',
    });
    expect(api.getQuotaSharing).toHaveBeenCalledWith({
      team: 'group:default/vision',
    });
    expect(
      within(section).getByRole('heading', {
        name: 'gpu-prod · cohort ai-division',
      }),
    ).toBeInTheDocument();
    const chart = within(section).getByRole('figure', {
      name: /H100 80GB on gpu-prod/,
    });
    expect(chart).toHaveTextContent(
      'vision: nominal 2 GPUs, 2 in use, 0 lent, 0 idle, 2 borrowed beyond nominal.',
    );
    expect(chart).toHaveTextContent(
      'conversational-ai: nominal 4 GPUs, 1 in use, 2 lent, 1 idle, 0 borrowed beyond nominal.',
    );
    const loans = within(section).getByRole('list', {
      name: 'Who borrows H100 80GB GPUs from whom on gpu-prod',
    });
    expect(
      within(loans)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['vision borrows 2 H100 80GB GPUs from conversational-ai']);
    expect(section).toHaveTextContent(
      'vision: Nominal quota 2 GPUs; may borrow up to 2 GPUs beyond it and lends all of its idle quota.',
    );
    expect(section).toHaveTextContent(
      'When the owner needs its GPUs back: When a team needs its own quota back, Kueue preempts',
    );
    expect(
      screen.getByText(
        'ClusterQueues of cluster gpu-dev are missing: connect ECONNREFUSED',
      ),
    ).toBeInTheDocument();
  });

  it('says nobody borrows when there are no loans', async () => {
    const cls = borrowing.items[0].classes[0];
    render(
      jest.fn().mockResolvedValue({
        ...borrowing,
        errors: [],
        items: [{ ...borrowing.items[0], classes: [{ ...cls, loans: [] }] }],
      }),
    );
    expect(
      await screen.findByText(
        'Nobody borrows H100 80GB GPUs in this cohort now.',
      ),
    ).toBeInTheDocument();
  });

  it('draws only the classes the backend lists for each cluster, and says so when a cluster has none of them', async () => {
    render(
      jest.fn().mockResolvedValue({
        ...borrowing,
        errors: [],
        items: [
          borrowing.items[0],
          // gpu-dev has no H100 nodes: the backend leaves the class out.
          { ...borrowing.items[0], cluster: 'gpu-dev', classes: [] },
        ],
      }),
    );
    const dev = await screen.findByRole('region', {
      name: 'Shared quota on gpu-dev',
    });
    expect(dev).toHaveTextContent(
      "gpu-dev has no nodes of the GPU classes in vision's quota, so there is nothing to share there.",
    );
    expect(within(dev).queryByText(/H100/)).not.toBeInTheDocument();
    const prod = screen.getByRole('region', {
      name: 'Shared quota on gpu-prod',
    });
    expect(
      within(prod).getByText(/H100 80GB on gpu-prod: nominal quota/),
    ).toBeInTheDocument();
  });

  it('draws a MIG profile the cohort shares in instances, after the whole GPUs of its class', async () => {
    const whole = borrowing.items[0].classes[0];
    const slices = {
      ...whole,
      migProfile: '1g.10gb',
      members: [
        { ...whole.members[0], nominal: 3, inUse: 5, borrowingLimit: 1 },
        { ...whole.members[1], nominal: 4, inUse: 1, lent: 2 },
      ],
      loans: [{ ...whole.loans[0], gpus: 1 }],
    };
    render(
      jest.fn().mockResolvedValue({
        ...borrowing,
        errors: [],
        items: [{ ...borrowing.items[0], classes: [whole, slices] }],
      }),
    );
    const section = await screen.findByRole('region', {
      name: 'Shared quota on gpu-prod',
    });
    const charts = within(section).getAllByRole('figure');
    expect(charts.map(c => c.querySelector('figcaption')!.textContent)).toEqual(
      [
        expect.stringMatching(/^H100 80GB on gpu-prod/),
        expect.stringMatching(/^H100 80GB · MIG 1g\.10gb on gpu-prod/),
      ],
    );
    expect(charts[1]).toHaveTextContent(
      'vision: nominal 3 MIG 1g.10gb instances, 3 in use, 0 lent, 0 idle, 2 borrowed beyond nominal.',
    );
    const loans = within(section).getByRole('list', {
      name: 'Who borrows H100 80GB · MIG 1g.10gb instances from whom on gpu-prod',
    });
    expect(within(loans).getByRole('listitem')).toHaveTextContent(
      'vision borrows 1 MIG 1g.10gb instance of H100 80GB from conversational-ai',
    );
    expect(section).toHaveTextContent(
      'vision: Nominal quota 3 MIG 1g.10gb instances; may borrow up to 1 MIG 1g.10gb instance beyond it',
    );
  });

  it('shows an empty state when the team is in no cohort', async () => {
    render(
      jest.fn().mockResolvedValue({
        team: 'group:default/vision',
        items: [],
        errors: [],
      }),
    );
    expect(await screen.findByText('No shared quota')).toBeInTheDocument();
  });

  it.each([
    [
      403,
      'You may not read the quota of group:default/vision',
      'Only members of vision, of the teams above it and approvers see how its quota is shared.',
    ],
    [500, 'Kueue is unreachable', 'Kueue is unreachable'],
  ])('answers a %s with a message', async (status, message, shown) => {
    render(jest.fn().mockRejectedValue(await errorOf(status, message)));
    expect(await screen.findByText(new RegExp(shown))).toBeInTheDocument();
  });
});
