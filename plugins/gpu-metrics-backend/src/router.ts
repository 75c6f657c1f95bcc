import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { JsonObject } from '@backstage/types';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseInput } from '@ai-platform/plugin-ai-platform-node';
import { querySchemas as schemas } from './querySchemas';
import { loadOpenApiSpec } from './schema/openApiSpec';
import { GpuMetricsServices } from './service/types';

/**
 * Checks each route's query with the suite's zod schemas before the OpenAPI
 * validator does, so that a bad query is answered in the suite's words
 * (`Invalid query: window: ...`); the handler parses it again for the typed
 * values. The OpenAPI validator still checks every request after it.
 */
function queryValidation(): express.Router {
  const validate =
    (schema: z.ZodType): express.RequestHandler =>
    (req, _res, next) => {
      parseInput(schema, req.query, { where: 'query' });
      next();
    };
  const router = express.Router();
  router.get('/entity', validate(schemas.entity));
  router.get('/group', validate(schemas.group));
  router.get('/fleet', validate(schemas.fleet));
  router.get('/fleet/heatmap', validate(schemas.heatmap));
  router.get('/serving', validate(schemas.serving));
  router.get('/serving/servers', validate(schemas.servingServers));
  router.get('/namespace-usage', validate(schemas.namespaceUsage));
  router.get('/namespace-usages', validate(schemas.namespaceUsages));
  return router;
}

/**
 * The `/api/gpu-metrics` routes, built from and validated against
 * `src/schema/openapi.yaml` (served at `GET /openapi.json`): every one needs
 * credentials (401 without), validates its query (400 naming the parameter),
 * audits the read and leaves the permission check (403) to the use case's
 * service, which the actions share.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  services: Pick<
    GpuMetricsServices,
    | 'entityUsage'
    | 'groupUsage'
    | 'fleet'
    | 'heatmap'
    | 'entityServing'
    | 'servingServers'
    | 'namespaceUsage'
  >;
}): Promise<express.Router> {
  const { httpAuth, auditor, services } = options;
  const router = Router();
  router.use(
    createValidatedOpenApiRouter(loadOpenApiSpec(), {
      middleware: [queryValidation()],
    }),
  );

  /**
   * Every answer reads cluster data (pods and metrics): audit who asked. The
   * event takes the request, from which the auditor records the caller, so
   * auditing stays here and the services never see Express.
   */
  async function audited<T>(
    req: express.Request,
    meta: JsonObject,
    read: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId: 'gpu-usage-read',
      request: req,
      meta,
    });
    try {
      const result = await read();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/entity', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseInput(schemas.entity, req.query, { where: 'query' });
    res.json(
      await audited(req, { queryType: 'entity', ...q }, () =>
        services.entityUsage.entityUsage(q.entityRef, q.window, credentials),
      ),
    );
  });

  router.get('/group', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseInput(schemas.group, req.query, { where: 'query' });
    res.json(
      await audited(req, { queryType: 'group', ...q }, () =>
        services.groupUsage.groupUsage(q.groupRef, q.window, credentials),
      ),
    );
  });

  router.get('/fleet', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseInput(schemas.fleet, req.query, { where: 'query' });
    res.json(
      await audited(req, { queryType: 'fleet', ...q }, () =>
        services.fleet.fleet(q.window, credentials),
      ),
    );
  });

  router.get('/fleet/heatmap', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseInput(schemas.heatmap, req.query, { where: 'query' });
    res.json(
      await audited(req, { queryType: 'heatmap', ...q }, () =>
        services.heatmap.heatmap(q, credentials),
      ),
    );
  });

  router.get('/serving', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseInput(schemas.serving, req.query, { where: 'query' });
    res.json(
      await audited(req, { queryType: 'serving', ...q }, () =>
        services.entityServing.entityServing(
          q.entityRef,
          q.window,
          credentials,
        ),
      ),
    );
  });

  router.get('/serving/servers', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseInput(schemas.servingServers, req.query, {
      where: 'query',
    });
    const query =
      q.day !== undefined
        ? { day: q.day }
        : { window: q.window ?? ('24h' as const) };
    res.json(
      await audited(req, { queryType: 'serving-servers', ...query }, () =>
        services.servingServers.servers(query, credentials),
      ),
    );
  });

  router.get('/namespace-usage', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseInput(schemas.namespaceUsage, req.query, { where: 'query' });
    res.json(
      await audited(req, { queryType: 'namespace-usage', ...q }, () =>
        services.namespaceUsage.namespaceUsage(q, credentials),
      ),
    );
  });

  router.get('/namespace-usages', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseInput(schemas.namespaceUsages, req.query, {
      where: 'query',
    });
    res.json(
      await audited(req, { queryType: 'namespace-usages', ...q }, () =>
        services.namespaceUsage.namespaceUsages(q, credentials),
      ),
    );
  });

  return router;
}
