import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { fetchOpenApiDocument } from './fetchOpenApiDocument';
import { readSuiteApisConfig, SuiteApisConfig } from './readSuiteApisConfig';
import { suiteApiEntity } from './suiteApiEntity';

const NAME = 'AiPlatformApiEntityProvider';

/** Options of {@link SuiteApiEntityProvider.create}. */
export interface SuiteApiEntityProviderOptions {
  config: SuiteApisConfig;
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** Runs the refresh; none means the caller calls `refresh()`. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** Reads of a document before it counts as failed (default 3). */
  attempts?: number;
  /** Delay before the first retry, doubled for each next one (default 2000 ms). */
  retryDelayMs?: number;
}

/** The outcome of one refresh. */
export interface SuiteApiRefreshOutcome {
  /** Entity names applied. */
  entities: string[];
  /** Plugins whose document could not be read now, with why. */
  failed: Array<{ pluginId: string; error: string }>;
}

/**
 * Registers the suite's APIs in the catalog: for each plugin of
 * `catalog.providers.aiPlatformApis.plugins`, an API entity whose definition
 * is the OpenAPI document the running backend serves at `/openapi.json`
 * (found through discovery, read with a service token). Wherever the
 * packages are installed the catalog shows the contract the backends
 * validate against, with no repository layout, file access or URL-reading
 * allow list to set up.
 *
 * A document that cannot be read keeps the entity of its last good read in
 * this process, so a backend restarting does not drop its API from the
 * catalog; one never read is left out (and logged) until it can be read.
 */
export class SuiteApiEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly lastGood = new Map<string, Entity>();

  private constructor(
    private readonly options: Required<
      Omit<SuiteApiEntityProviderOptions, 'taskRunner'>
    > & { taskRunner?: SchedulerServiceTaskRunner },
  ) {}

  static create(
    options: SuiteApiEntityProviderOptions,
  ): SuiteApiEntityProvider {
    return new SuiteApiEntityProvider({
      attempts: 3,
      retryDelayMs: 2000,
      ...options,
    });
  }

  /** The provider of `catalog.providers.aiPlatformApis`; undefined when that is absent. */
  static fromConfig(
    root: Config,
    deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      scheduler: SchedulerService;
    },
  ): SuiteApiEntityProvider | undefined {
    const config = readSuiteApisConfig(root);
    if (!config) return undefined;
    return SuiteApiEntityProvider.create({
      config,
      discovery: deps.discovery,
      auth: deps.auth,
      logger: deps.logger,
      taskRunner: deps.scheduler.createScheduledTaskRunner(config.schedule),
    });
  }

  getProviderName(): string {
    return NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    if (this.options.taskRunner) {
      await this.options.taskRunner.run({
        id: NAME,
        fn: async () => {
          await this.refresh();
        },
      });
    }
  }

  /** Reads every plugin's document and applies the entities; never throws. */
  async refresh(): Promise<SuiteApiRefreshOutcome> {
    const { config, logger } = this.options;
    if (!this.connection) {
      throw new Error(`${NAME} is not connected to the catalog`);
    }
    const failed: SuiteApiRefreshOutcome['failed'] = [];
    await Promise.all(
      config.plugins.map(async pluginId => {
        try {
          this.lastGood.set(pluginId, await this.read(pluginId));
        } catch (error) {
          const text = stringifyError(error);
          failed.push({ pluginId, error: text });
          logger.warn('Could not read the OpenAPI document of a plugin', {
            provider: NAME,
            pluginId,
            error: text,
            keptEntity: this.lastGood.has(pluginId),
          });
        }
      }),
    );
    const order = (id: string) => config.plugins.indexOf(id);
    failed.sort((a, b) => order(a.pluginId) - order(b.pluginId));
    const entities = config.plugins.flatMap(id => {
      const entity = this.lastGood.get(id);
      return entity ? [entity] : [];
    });
    try {
      await this.connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({ entity, locationKey: NAME })),
      });
    } catch (error) {
      logger.error('Could not apply the suite API entities', {
        provider: NAME,
        error: stringifyError(error),
      });
    }
    return { entities: entities.map(e => e.metadata.name), failed };
  }

  /** One plugin's entity, retried with backoff (a backend may still be starting). */
  private async read(pluginId: string): Promise<Entity> {
    const { discovery, auth, attempts, retryDelayMs, config } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        const baseUrl = await discovery.getBaseUrl(pluginId);
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: pluginId,
        });
        const document = await fetchOpenApiDocument(`${baseUrl}/openapi.json`, {
          token,
        });
        return suiteApiEntity({
          pluginId,
          document,
          documentUrl: `${await discovery.getExternalBaseUrl(
            pluginId,
          )}/openapi.json`,
          config,
        });
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise(r =>
          setTimeout(r, retryDelayMs * 2 ** (attempt - 1)),
        );
      }
    }
  }
}
