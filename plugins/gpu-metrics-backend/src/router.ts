import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import express from 'express';
import Router from 'express-promise-router';
import { parseQuery, querySchemas as schemas } from './querySchemas';
import { GpuMetricsApi } from './service/GpuMetricsService';

/**
 * The `/api/gpu-metrics` routes: every one needs credentials (401 without),
 * validates its query (400 naming the parameter) and leaves the permission
 * check (403) to the service, which the actions share.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  service: GpuMetricsApi;
}): Promise<express.Router> {
  const { httpAuth, auditor, service } = options;
  const router = Router();

  /** Every answer reads cluster data (pods and metrics): audit who asked. */
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
    const q = parseQuery(schemas.entity, req.query);
    res.json(
      await audited(req, { queryType: 'entity', ...q }, () =>
        service.entityUsage(q.entityRef, q.window, credentials),
      ),
    );
  });

  router.get('/group', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseQuery(schemas.group, req.query);
    res.json(
      await audited(req, { queryType: 'group', ...q }, () =>
        service.groupUsage(q.groupRef, q.window, credentials),
      ),
    );
  });

  router.get('/fleet', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseQuery(schemas.fleet, req.query);
    res.json(
      await audited(req, { queryType: 'fleet', ...q }, () =>
        service.fleet(q.window, credentials),
      ),
    );
  });

  router.get('/fleet/heatmap', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parseQuery(schemas.heatmap, req.query);
    res.json(
      await audited(req, { queryType: 'heatmap', ...q }, () =>
        service.heatmap(q.window, q.cluster, credentials),
      ),
    );
  });

  return router;
}
