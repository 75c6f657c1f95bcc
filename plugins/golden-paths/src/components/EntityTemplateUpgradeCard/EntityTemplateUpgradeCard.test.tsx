import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { project, template } from '../../__testUtils__/fixtures';
import { scaffolderTemplateRouteRef } from '../../routes';
import { EntityTemplateUpgradeCard } from './EntityTemplateUpgradeCard';

const GENAI = 'template:default/genai-application';

async function render(
  entity: Entity,
  catalogApi = catalogApiMock({
    entities: [template('genai-application', '1.1.0'), entity],
  }),
  mounted = true,
) {
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityTemplateUpgradeCard />
    </EntityProvider>,
    {
      apis: [catalogApi],
      mountedRoutes: mounted
        ? {
            '/create/templates/:namespace/:templateName':
              scaffolderTemplateRouteRef,
          }
        : {},
    },
  );
}

describe('EntityTemplateUpgradeCard', () => {
  it('offers the upgrade template with the project filled in when the template moved on', async () => {
    await render(
      project('support-bot', { templateRef: GENAI, version: '1.0.0' }),
    );
    expect(
      await screen.findByText(
        'Template genai-application moved from 1.0.0 to 1.1.0',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/template-upgrade\/1\.1\.0/)).toBeInTheDocument();
    const link = screen.getByRole('button', { name: 'Upgrade' });
    const href = new URL(link.getAttribute('href')!, 'http://portal');
    expect(href.pathname).toBe('/create/templates/default/template-upgrade');
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      entityRef: 'component:default/support-bot',
    });
  });

  it('says the project is up to date, with the version', async () => {
    await render(
      project('support-bot', { templateRef: GENAI, version: '1.1.0' }),
    );
    expect(
      await screen.findByText(
        'Up to date: on version 1.1.0 of template genai-application, its current version.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Upgrade' })).toBeNull();
  });

  it('warns when the template is no longer in the catalog', async () => {
    await render(
      project('support-bot', {
        templateRef: 'template:default/retired-app',
        version: '2',
      }),
    );
    expect(
      await screen.findByText(
        /Template retired-app \(template:default\/retired-app\) is not in the catalog: it was deleted or renamed/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Upgrade' })).toBeNull();
  });

  it('reports a template ref it will not follow', async () => {
    await render(
      project('support-bot', {
        templateRef: 'component:default/x',
        version: '1',
      }),
    );
    expect(
      await screen.findByText(/is not a Template reference/),
    ).toBeInTheDocument();
  });

  it('shows a catalog error with a retry that reads again', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntityByRef: jest
        .fn()
        .mockRejectedValueOnce(new Error('catalog unavailable'))
        .mockResolvedValueOnce(template('genai-application', '2')),
    });
    await render(
      project('support-bot', { templateRef: GENAI, version: '1' }),
      catalogApi,
    );
    expect(
      await screen.findByText(
        /Could not read template:default\/genai-application from the catalog: catalog unavailable/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText('Template genai-application moved from 1 to 2'),
    ).toBeInTheDocument();
    expect(catalogApi.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(catalogApi.getEntityByRef).toHaveBeenLastCalledWith(GENAI);
  });

  it('explains when the app has no scaffolder route to open', async () => {
    await render(
      project('support-bot', { templateRef: GENAI, version: '1.0.0' }),
      undefined,
      false,
    );
    expect(
      await screen.findByText(/The scaffolder is not installed in this portal/),
    ).toBeInTheDocument();
  });

  it('has an empty state for entities not made from a template', async () => {
    await render(project('support-bot', {}));
    expect(
      await screen.findByText('Not made from a suite template'),
    ).toBeInTheDocument();
  });
});
