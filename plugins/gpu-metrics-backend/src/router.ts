import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GpuMetricsApi } from './service/GpuMetricsService';

const window = z.enum(['1h', '6h', '24h', '7d', '30d']).default('24h');

const schemas = {
  entity: z.object({ entityRef: z.string().min(1), window }),
  group: z.object({ groupRef: z.string().min(1), window }),
  fleet: z.object({ window }),
  heatmap: z.object({ window, cluster: z.string().min(1).optional() }),
};

function parse<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid query parameter ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return result.data;
}

/** The `/api/gpu-metrics` routes. */
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
    const q = parse(schemas.entity, req.query);
    res.json(
      await audited(req, { queryType: 'entity', ...q }, () =>
        service.entityUsage(q.entityRef, q.window, credentials),
      ),
    );
  });

  router.get('/group', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parse(schemas.group, req.query);
    res.json(
      await audited(req, { queryType: 'group', ...q }, () =>
        service.groupUsage(q.groupRef, q.window, credentials),
      ),
    );
  });

  router.get('/fleet', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const q = parse(schemas.fleet, req.query);
    res.json(
      await audited(req, { queryType: 'fleet', ...q }, () =>
        service.fleet(q.window, credentials),
      ),
    );
  });

  router.get('/fleet/heatmap', async (req, res) => {
    await httpAuth.credentials(req);
    const q = parse(schemas.heatmap, req.query);
    res.json(
      await audited(req, { queryType: 'heatmap', ...q }, () =>
        service.heatmap(q.window, q.cluster),
      ),
    );
  });

  return router;
}
