import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { project, task, template } from '../../__testUtils__/fixtures';
import { scaffolderTaskRouteRef } from '../../routes';
import { GoldenPathsContent } from './GoldenPathsPage';

const GENAI = 'template:default/genai-application';

const entities = [
  template('genai-application', '2'),
  template('gpu-training-job', '1'),
  // Not a golden path: it carries no version.
  template('template-upgrade'),
  project('bot-a', { templateRef: GENAI, version: '2' }),
  project('bot-b', { templateRef: GENAI, version: '1', owner: 'search' }),
  project('bot-c', { templateRef: GENAI, version: '1' }),
  project('plain', {}),
];

async function render(
  listTasks: jest.Mock,
  catalogApi = catalogApiMock({ entities }),
) {
  await renderInTestApp(<GoldenPathsContent />, {
    apis: [catalogApi, [scaffolderApiRef, { listTasks }]],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/create/tasks/:taskId': scaffolderTaskRouteRef,
    },
  });
}

const upgradeTasks = [
  task('t1', {
    entityRef: 'component:default/bot-b',
    status: 'completed',
    createdAt: '2026-12-03T10:00:00Z',
  }),
  task('t0', {
    entityRef: 'component:default/bot-c',
    status: 'failed',
    createdAt: '2026-12-03T09:00:00Z',
  }),
  task('other', {
    entityRef: 'component:default/bot-c',
    status: 'processing',
    createdAt: '2026-12-03T11:00:00Z',
    templateRef: GENAI,
  }),
];

describe('GoldenPathsContent', () => {
  it('shows every suite template with its projects, versions and open upgrades', async () => {
    const listTasks = jest.fn().mockResolvedValue({ tasks: upgradeTasks });
    await render(listTasks);
    const templates = await screen.findByRole('list', { name: 'Templates' });
    expect(
      within(templates)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'genai-application: version 2, 3 projects, 2 behind, 1 open upgrade',
      'gpu-training-job: version 1, 0 projects, 0 behind, 0 open upgrades',
    ]);
    expect(listTasks).toHaveBeenCalledWith({
      filterByOwnership: 'all',
      limit: 100,
      offset: 0,
    });

    const rowOf = (name: string) =>
      screen.getByRole('link', { name }).closest('tr')!;
    expect(within(rowOf('bot-a')).getByText('Up to date')).toBeInTheDocument();
    expect(within(rowOf('bot-b')).getByText('Behind')).toBeInTheDocument();
    const review = within(rowOf('bot-b')).getByRole('link', {
      name: 'Branch awaiting review',
    });
    expect(review).toHaveAttribute('href', '/create/tasks/t1');
    expect(within(rowOf('bot-c')).getByText('Failed')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'plain' })).toBeNull();
  });

  it('filters the projects by owner', async () => {
    await render(jest.fn().mockResolvedValue({ tasks: upgradeTasks }));
    await screen.findByRole('list', { name: 'Templates' });
    await userEvent.click(screen.getByRole('button', { name: /All owners/ }));
    await userEvent.click(screen.getByRole('option', { name: 'search' }));
    expect(
      screen.getByText(
        'genai-application: version 2, 1 project, 1 behind, 1 open upgrade',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'bot-b' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'bot-a' })).toBeNull();
  });

  it('shows version drift alone when the scaffolder refuses the task list', async () => {
    await render(jest.fn().mockRejectedValue(new Error('403 Forbidden')));
    expect(
      await screen.findByText(/Open upgrades are not shown.*403 Forbidden/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('genai-application: version 2, 3 projects, 2 behind'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Upgrade' })).toBeNull();
  });

  it('pages through the task list until a short page', async () => {
    const page = Array.from({ length: 100 }, (_, i) =>
      task(`x${i}`, {
        entityRef: 'component:default/bot-a',
        status: 'failed',
        createdAt: '2026-12-01T00:00:00Z',
      }),
    );
    const listTasks = jest
      .fn()
      .mockResolvedValueOnce({ tasks: page })
      .mockResolvedValueOnce({ tasks: upgradeTasks });
    await render(listTasks);
    expect(
      await screen.findByText(
        'genai-application: version 2, 3 projects, 2 behind, 1 open upgrade',
      ),
    ).toBeInTheDocument();
    expect(listTasks.mock.calls.map(([r]) => r.offset)).toEqual([0, 100]);
  });

  it('shows a catalog error with a retry', async () => {
    const getEntities = jest
      .fn()
      .mockRejectedValueOnce(new Error('catalog down'))
      .mockResolvedValue({ items: [] });
    await render(
      jest.fn().mockResolvedValue({ tasks: [] }),
      catalogApiMock.mock({ getEntities }),
    );
    expect(
      await screen.findByText(/Could not read the templates.*catalog down/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText('No suite templates yet'),
    ).toBeInTheDocument();
  });
});
