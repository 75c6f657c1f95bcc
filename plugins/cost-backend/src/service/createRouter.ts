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
  inferenceUsageQuerySchema,
  ingestStatusQuerySchema,
  servingCostsListQuerySchema,
  servingCostsQuerySchema,
  topSpendersQuerySchema,
  uploadQuerySchema,
} from '@ai-platform/plugin-cost-common';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { once } from 'node:events';
import { PayloadTooLargeError } from '../ingest/PayloadTooLargeError';
import { loadOpenApiSpec } from '../schema/openApiSpec';
import {
  lineItemsExportQuerySchema,
  lineItemsQuerySchema,
} from './lineItemsQuerySchema';
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

const query =
  <T extends z.ZodType>(schema: T) =>
  (req: Request) =>
    parseInput(schema, req.query, { where: 'query' });

/**
 * Each route's input, parsed with the suite's zod schemas into `InputError`s
 * naming the field. Run once before the OpenAPI validator, so that a bad
 * request is answered in these words, and again by the handler for the
 * typed values.
 */
const inputs = {
  costs: query(costQuerySchema),
  costExport: query(costExportQuerySchema),
  forecast: query(forecastQuerySchema),
  topSpenders: query(topSpendersQuerySchema),
  idleWaste: query(idleWasteQuerySchema),
  servingCosts: query(servingCostsQuerySchema),
  servingCostsList: query(servingCostsListQuerySchema),
  inferenceUsage: query(inferenceUsageQuerySchema),
  groups: query(z.strictObject({})),
  budgets: query(budgetsQuerySchema),
  budgetId: (req: Request) =>
    parseInput(idParam, req.params, { where: 'path' }),
  budget: (req: Request) =>
    parseInput(budgetInputSchema, req.body, { where: 'body' }),
  focusExport: query(focusExportQuerySchema),
  lineItems: query(lineItemsQuerySchema),
  lineItemsExport: query(lineItemsExportQuerySchema),
  upload: query(uploadQuerySchema),
  ingestStatus: query(ingestStatusQuerySchema),
  runId: (req: Request) => parseInput(idParam, req.params, { where: 'path' }),
};

/** Parses every route's input with {@link inputs}, before the OpenAPI validator. */
function inputValidation(): express.Router {
  const check =
    (...parses: Array<(req: Request) => unknown>): express.RequestHandler =>
    (req, _res, next) => {
      parses.forEach(parse => parse(req));
      next();
    };
  const router = express.Router();
  router.get('/costs', check(inputs.costs));
  router.get('/costs/export.csv', check(inputs.costExport));
  router.get('/forecast', check(inputs.forecast));
  router.get('/top-spenders', check(inputs.topSpenders));
  router.get('/idle-waste', check(inputs.idleWaste));
  router.get('/serving-costs', check(inputs.servingCosts));
  router.get('/serving-costs/models', check(inputs.servingCostsList));
  router.get('/inference-usage', check(inputs.inferenceUsage));
  router.get('/groups', check(inputs.groups));
  router.get('/budgets', check(inputs.budgets));
  router.post('/budgets', check(inputs.budget));
  router.put('/budgets/:id', check(inputs.budgetId, inputs.budget));
  router.delete('/budgets/:id', check(inputs.budgetId));
  router.get('/kubernetes/focus.csv', check(inputs.focusExport));
  router.get('/line-items', check(inputs.lineItems));
  router.get('/line-items/export.csv', check(inputs.lineItemsExport));
  router.post('/ingest/upload', check(inputs.upload));
  router.get('/ingest/status', check(inputs.ingestStatus));
  router.get('/ingest/runs/:id', check(inputs.runId));
  return router;
}

/**
 * JSON bodies of the budget changes only: the upload streams its raw body,
 * which nothing may read before the ingester. Parsed before the validator
 * (which checks them) and outside it, whose error handler would turn
 * body-parser's errors, 413 included, into 400s.
 */
function budgetBodies(): express.RequestHandler {
  const json = express.json();
  return (req, res, next) =>
    req.method === 'POST' || req.method === 'PUT'
      ? json(req, res, next)
      : next();
}

/**
 * The cost backend's REST API (see the README's route table), built from and
 * validated against `src/schema/openapi.yaml` (served at `GET /openapi.json`).
 * Reads accept users and services; every state-changing route (budgets,
 * uploads, scans) refuses service principals with 403 before reading the
 * body, since the permission framework allows everything to services.
 * Scheduled work calls the services in-process.
 */
export async function createRouter(options: {
  services: CostServices;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { services, httpAuth } = options;
  const { reports, ingest, budgets } = services;
  const router = Router();
  router.use(refuseServiceCallersOnChanges({ httpAuth }));
  router.use('/budgets', budgetBodies());
  router.use(
    createValidatedOpenApiRouter(loadOpenApiSpec(), {
      middleware: [inputValidation()],
      // No multer: no route takes a form, and the upload's body must stay
      // unread for the ingester's stream and its size cap, whatever the
      // document lists in future (uploadBody.test.ts checks the streaming).
      validatorOptions: { fileUploader: false },
    }),
  );
  const ctx = async (req: Request): Promise<CallContext> => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
    auditRequest: req,
  });

  router.get('/costs', async (req, res) => {
    res.json(await reports.costs(inputs.costs(req), await ctx(req)));
  });

  router.get('/costs/export.csv', async (req, res) => {
    const q = inputs.costExport(req);
    const csv = await reports.exportCsv(q, await ctx(req));
    const name = `cost-${q.entityRef.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${
      q.from
    }-${q.to}.csv`;
    res.type('text/csv').attachment(name).send(csv);
  });

  router.get('/forecast', async (req, res) => {
    res.json(
      await services.forecasts.forecast(inputs.forecast(req), await ctx(req)),
    );
  });

  router.get('/top-spenders', async (req, res) => {
    res.json(
      await services.topSpenders.topSpenders(
        inputs.topSpenders(req),
        await ctx(req),
      ),
    );
  });

  router.get('/idle-waste', async (req, res) => {
    res.json(
      await services.idleWaste.idleWaste(inputs.idleWaste(req), await ctx(req)),
    );
  });

  router.get('/serving-costs', async (req, res) => {
    res.json(
      await services.serving.servingCosts(
        inputs.servingCosts(req),
        await ctx(req),
      ),
    );
  });

  router.get('/serving-costs/models', async (req, res) => {
    res.json(
      await services.serving.listServingCosts(
        inputs.servingCostsList(req),
        await ctx(req),
      ),
    );
  });

  router.get('/inference-usage', async (req, res) => {
    res.json(
      await services.serving.inferenceUsage(
        inputs.inferenceUsage(req),
        await ctx(req),
      ),
    );
  });

  router.get('/groups', async (req, res) => {
    inputs.groups(req);
    res.json(await services.groups.groups(await ctx(req)));
  });

  router.get('/budgets', async (req, res) => {
    const { entityRef } = inputs.budgets(req);
    res.json(await budgets.listBudgets(entityRef, await ctx(req)));
  });

  router.post('/budgets', async (req, res) => {
    const body = inputs.budget(req);
    res.status(201).json(await budgets.createBudget(body, await ctx(req)));
  });

  router.put('/budgets/:id', async (req, res) => {
    const id = inputs.budgetId(req);
    const body = inputs.budget(req);
    res.json(await budgets.updateBudget(id, body, await ctx(req)));
  });

  router.delete('/budgets/:id', async (req, res) => {
    const id = inputs.budgetId(req);
    await budgets.deleteBudget(id, await ctx(req));
    res.status(204).end();
  });

  router.get('/kubernetes/focus.csv', async (req, res) => {
    const q = inputs.focusExport(req);
    const csv = await services.focusExport.focusExport(q, await ctx(req));
    res
      .type('text/csv')
      .attachment(`kubernetes-gpu-focus-${q.from}-${q.to}.csv`)
      .send(csv);
  });

  router.get('/line-items', async (req, res) => {
    res.json(
      await services.lineItems.page(inputs.lineItems(req), await ctx(req)),
    );
  });

  router.get('/line-items/export.csv', async (req, res) => {
    const q = inputs.lineItemsExport(req);
    const chunks = await services.lineItems.exportCsv(q, await ctx(req));
    const name = `line-items-${q.entityRef.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${
      q.from
    }-${q.to}.csv`;
    res.type('text/csv').attachment(name);
    // Streamed a page at a time: memory stays flat however many rows match.
    for await (const chunk of chunks) {
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  });

  router.post('/ingest/upload', async (req, res) => {
    const { fileName } = inputs.upload(req);
    const length = Number(req.headers['content-length']);
    try {
      const run = await ingest.upload(
        {
          fileName,
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
    const { limit } = inputs.ingestStatus(req);
    res.json(await ingest.status(limit, await ctx(req)));
  });

  router.get('/ingest/runs/:id', async (req, res) => {
    res.json(await ingest.run(inputs.runId(req), await ctx(req)));
  });

  return router;
}
