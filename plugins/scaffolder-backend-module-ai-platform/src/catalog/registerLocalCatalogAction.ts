import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CatalogService,
  locationSpecToMetadataName,
} from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  localGitRoot,
  REPO_NAME_PATTERN,
  registerTimeoutSeconds,
} from '../localGit/localGitRoot';
import { registerLocalCatalogExamples } from './registerLocalCatalogAction.examples';
import { validateCatalogEntities } from './validateCatalogEntities';

const CATALOG_FILE_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\.ya?ml$/;

/**
 * The catalog `file` location that reads every local repository's
 * catalog-info.yaml, as the catalog stores it (an absolute glob).
 *
 * @public
 */
export function localGitCatalogTarget(root: string): string {
  return join(root, '*', 'catalog-info.yaml');
}

/**
 * The ref of the Location entity the catalog makes from that `file` location
 * in `catalog.locations`.
 *
 * @public
 */
export function localGitLocationRef(root: string): string {
  return stringifyEntityRef({
    kind: 'Location',
    name: locationSpecToMetadataName({
      type: 'file',
      target: localGitCatalogTarget(root),
    }),
  });
}

/**
 * `catalog:register-local`: registers what `publish:local-git` published.
 * The catalog accepts only `url` locations through its API, so local
 * repositories are read by one `file` location in `catalog.locations` with
 * the target `<localGitRoot>/*\/catalog-info.yaml`; this action validates the
 * new catalog-info.yaml, asks the catalog to refresh that location now, and
 * waits until the entity is in the catalog.
 *
 * @public
 */
export function createRegisterLocalCatalogAction(options: {
  config: Config;
  catalog: CatalogService;
  logger: LoggerService;
}) {
  return createTemplateAction({
    id: 'catalog:register-local',
    description:
      'Registers the catalog-info.yaml of a repository published with publish:local-git, through the catalog file location over aiPlatform.scaffolder.localGitRoot, and waits until the entity is in the catalog.',
    examples: registerLocalCatalogExamples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string().describe('The repository name given to publish:local-git'),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the catalog file in the repository; catalog-info.yaml by default (the only name the catalog location reads)',
            ),
      },
      output: {
        entityRef: z =>
          z.string().describe('The first entity of the catalog file'),
        entityRefs: z =>
          z.array(z.string()).describe('Every entity of the catalog file'),
        catalogInfoUrl: z =>
          z.string().describe('file: URL of the registered catalog file'),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      const catalogInfoPath = ctx.input.catalogInfoPath ?? 'catalog-info.yaml';
      const problems: string[] = [];
      if (!REPO_NAME_PATTERN.test(repoName)) {
        problems.push('repoName: must be lowercase letters, digits and dashes');
      }
      if (catalogInfoPath !== 'catalog-info.yaml') {
        problems.push(
          CATALOG_FILE_PATTERN.test(catalogInfoPath)
            ? 'catalogInfoPath: the catalog location over the local repositories reads only catalog-info.yaml at the root'
            : 'catalogInfoPath: must be a relative path to a .yaml file',
        );
      }
      if (problems.length > 0) {
        throw new InputError(
          `Invalid catalog:register-local input: ${problems.join('; ')}`,
        );
      }
      const root = localGitRoot(options.config);
      const file = resolveSafeChildPath(
        resolveSafeChildPath(root, repoName),
        catalogInfoPath,
      );

      // A dry run has no repository yet: check the workspace's file instead.
      const readFrom = ctx.isDryRun
        ? resolveSafeChildPath(ctx.workspacePath, catalogInfoPath)
        : file;
      let text: string;
      try {
        text = await fs.promises.readFile(readFrom, 'utf8');
      } catch {
        throw new NotFoundError(
          `catalog:register-local: ${readFrom} does not exist; run publish:local-git first`,
        );
      }
      const entities = await validateCatalogEntities(text, catalogInfoPath);
      const entityRefs = entities.map(e => stringifyEntityRef(e));
      const output = () => {
        ctx.output('entityRef', entityRefs[0]);
        ctx.output('entityRefs', entityRefs);
        ctx.output('catalogInfoUrl', pathToFileURL(file).href);
      };
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would register ${entityRefs.join(', ')}`);
        output();
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      const target = localGitCatalogTarget(root);
      // The Location entity the catalog made from that config location. It is
      // looked up by ref, not searched: while the glob matches nothing its
      // processing fails, so it is not among the catalog's visible entities.
      const locationRef = localGitLocationRef(root);
      try {
        await options.catalog.refreshEntity(locationRef, { credentials });
      } catch (error) {
        if ((error as Error).name === 'NotFoundError') {
          throw new NotFoundError(
            `catalog:register-local: no catalog location reads the local repositories; add "- type: file, target: ${target}" (or the same path relative to the backend) to catalog.locations`,
          );
        }
        throw error;
      }
      ctx.logger.info(`Asked the catalog to read ${file}`, {
        entityRefs,
        location: locationRef,
      });

      const deadline =
        Date.now() + registerTimeoutSeconds(options.config) * 1000;
      for (;;) {
        const { items } = await options.catalog.getEntitiesByRefs(
          { entityRefs, fields: ['kind', 'metadata.name'] },
          { credentials },
        );
        if (items.every(Boolean)) break;
        if (Date.now() > deadline) {
          const missing = entityRefs.filter((_, i) => !items[i]);
          throw new Error(
            `catalog:register-local: the catalog has not shown ${missing.join(
              ', ',
            )} after ${registerTimeoutSeconds(
              options.config,
            )} s; see the catalog's processing errors for ${file}`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
      options.logger.info('Registered a local repository in the catalog', {
        entityRefs: entityRefs.join(', '),
        file,
        taskId: ctx.task.id,
      });
      output();
    },
  });
}
