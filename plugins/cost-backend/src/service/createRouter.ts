import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  parseInput,
  refuseServiceCallersOnChanges,
} from '@ai-platform/plugin-ai-platform-node';
import {
  budgetInputSchema,
  budgetsQuerySchema,
  costExportQuerySchema,
  costQuerySchema,
  focusExportQuerySchema,
  forecastQuerySchema,
  idleWasteQuerySchema,
  IngestRunStatus,
  ingestStatusQuerySchema,
  topSpendersQuerySchema,
  uploadQuerySchema,
} from '@ai-platform/plugin-cost-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { PayloadTooLargeError } from '../ingest/PayloadTooLargeError';
import { CallContext, CostServices } from './types';

/** HTTP status of an upload by the run's outcome. */
const UPLOAD_STATUS: Record<IngestRunStatus, number> = {
  succeeded: 200,
  refused: 422,
  failed: 500,
  running: 202,
};

const idParam = z
  .object({ id: z.string().uuid('must be a UUID') })
  .transform(p => p.id);

/**
 * The cost backend's REST API (see the README's route table). Reads accept
 * users and services; every state-changing route (budgets, uploads, scans)
 * refuses service principals with 403 before reading the body, since the
 * permission framework allows everything to services. Scheduled work calls
 * the services in-process.
 */
export async function createRouter(options: {
  services: CostServices;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { services, httpAuth } = options;
  const { reports, ingest, budgets } = services;
  const router = Router();
  router.use(refuseServiceCallersOnChanges({ httpAuth }));
  const ctx = async (req: Request): Promise<CallContext> => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
    auditRequest: req,
  });

  router.get('/costs', async (req, res) => {
    const query = parseInput(costQuerySchema, req.query, { where: 'query' });
    res.json(await reports.costs(query, await ctx(req)));
  });

  router.get('/costs/export.csv', async (req, res) => {
    const query = parseInput(costExportQuerySchema, req.query, {
      where: 'query',
    });
    const csv = await reports.exportCsv(query, await ctx(req));
    const name = `cost-${query.entityRef.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${
      query.from
    }-${query.to}.csv`;
    res.type('text/csv').attachment(name).send(csv);
  });

  router.get('/forecast', async (req, res) => {
    const query = parseInput(forecastQuerySchema, req.query, {
      where: 'query',
    });
    res.json(await services.forecasts.forecast(query, await ctx(req)));
  });

  router.get('/top-spenders', async (req, res) => {
    const query = parseInput(topSpendersQuerySchema, req.query, {
      where: 'query',
    });
    res.json(await services.topSpenders.topSpenders(query, await ctx(req)));
  });

  router.get('/idle-waste', async (req, res) => {
    const query = parseInput(idleWasteQuerySchema, req.query, {
      where: 'query',
    });
    res.json(await services.idleWaste.idleWaste(query, await ctx(req)));
  });

  router.get('/groups', async (req, res) => {
    parseInput(z.strictObject({}), req.query, { where: 'query' });
    res.json(await services.groups.groups(await ctx(req)));
  });

  router.get('/budgets', async (req, res) => {
    const query = parseInput(budgetsQuerySchema, req.query, { where: 'query' });
    res.json(await budgets.listBudgets(query.entityRef, await ctx(req)));
  });

  router.post('/budgets', express.json(), async (req, res) => {
    const body = parseInput(budgetInputSchema, req.body, { where: 'body' });
    res.status(201).json(await budgets.createBudget(body, await ctx(req)));
  });

  router.put('/budgets/:id', express.json(), async (req, res) => {
    const id = parseInput(idParam, req.params, { where: 'path' });
    const body = parseInput(budgetInputSchema, req.body, { where: 'body' });
    res.json(await budgets.updateBudget(id, body, await ctx(req)));
  });

  router.delete('/budgets/:id', async (req, res) => {
    const id = parseInput(idParam, req.params, { where: 'path' });
    await budgets.deleteBudget(id, await ctx(req));
    res.status(204).end();
  });

  router.get('/kubernetes/focus.csv', async (req, res) => {
    const query = parseInput(focusExportQuerySchema, req.query, {
      where: 'query',
    });
    const csv = await services.focusExport.focusExport(query, await ctx(req));
    res
      .type('text/csv')
      .attachment(`kubernetes-gpu-focus-${query.from}-${query.to}.csv`)
      .send(csv);
  });

  router.post('/ingest/upload', async (req, res) => {
    const query = parseInput(uploadQuerySchema, req.query, { where: 'query' });
    const length = Number(req.headers['content-length']);
    try {
      const run = await ingest.upload(
        {
          fileName: query.fileName,
          stream: req,
          totalBytes: Number.isFinite(length) && length > 0 ? length : null,
        },
        await ctx(req),
      );
      res.status(UPLOAD_STATUS[run.status]).json(run);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        // The rest of the upload is not read: the connection closes once
        // the 413 is sent.
        req.unpipe();
        res.setHeader('Connection', 'close');
      }
      throw error;
    }
  });

  router.post('/ingest/scan', async (req, res) => {
    res.json(await ingest.scan(await ctx(req)));
  });

  router.get('/ingest/status', async (req, res) => {
    const query = parseInput(ingestStatusQuerySchema, req.query, {
      where: 'query',
    });
    res.json(await ingest.status(query.limit, await ctx(req)));
  });

  router.get('/ingest/runs/:id', async (req, res) => {
    const id = parseInput(idParam, req.params, { where: 'path' });
    res.json(await ingest.run(id, await ctx(req)));
  });

  return router;
}
