import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  TEMPLATE_REF_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@ai-platform/plugin-ai-platform-common';

const TASK_PAGE = 100;
/**
 * The scaffolder lists tasks without a template filter, newest first, so
 * the page reads at most this many; older upgrades are left out (and said so).
 */
export const MAX_TASKS = 2000;

/** What the fleet page reads: suite Templates, projects made from them, and upgrade tasks. */
export type FleetData = {
  templates: Entity[];
  projects: Entity[];
  /** Every task the user may read, or the reason they could not be read. */
  tasks: { items: ScaffolderTask[]; truncated: boolean } | { error: Error };
};

async function readTasks(
  list: (
    offset: number,
  ) => Promise<{ tasks: ScaffolderTask[]; totalTasks?: number }>,
): Promise<FleetData['tasks']> {
  try {
    const items: ScaffolderTask[] = [];
    for (let offset = 0; offset < MAX_TASKS; offset += TASK_PAGE) {
      const { tasks, totalTasks } = await list(offset);
      items.push(...tasks);
      const done =
        tasks.length < TASK_PAGE ||
        (totalTasks !== undefined && items.length >= totalTasks);
      if (done) return { items, truncated: false };
    }
    return { items, truncated: true };
  } catch (error) {
    return { error: error as Error };
  }
}

/**
 * Reads the fleet: Templates carrying a version, every entity naming a
 * template, and the scaffolder tasks the user may read (a task list the
 * scaffolder refuses leaves the version drift, not an error page).
 */
export function useFleetData() {
  const catalogApi = useApi(catalogApiRef);
  const scaffolderApi = useApi(scaffolderApiRef);
  return useAsyncRetry(async (): Promise<FleetData> => {
    const [templates, projects, tasks] = await Promise.all([
      catalogApi.getEntities({
        filter: {
          kind: 'Template',
          [`metadata.annotations.${TEMPLATE_VERSION_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
        ],
      }),
      catalogApi.getEntities({
        filter: {
          [`metadata.annotations.${TEMPLATE_REF_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
          'spec.owner',
          'relations',
        ],
      }),
      readTasks(offset =>
        scaffolderApi.listTasks({
          filterByOwnership: 'all',
          limit: TASK_PAGE,
          offset,
        }),
      ),
    ]);
    return { templates: templates.items, projects: projects.items, tasks };
  }, [catalogApi, scaffolderApi]);
}
