import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  parseInput,
  refuseServiceCallersOnChanges,
} from '@ai-platform/plugin-ai-platform-node';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  GpuRequestStatus,
  gpuRequestExtendSchema,
  gpuRequestInputSchema,
  gpuRequestKeepSchema,
  gpuRequestRejectSchema,
  gpuRequestShrinkSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { NotFoundError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { loadOpenApiSpec } from '../schema/openApiSpec';
import { parseStartAt } from '../scheduling/parseStartAt';
import { QueuePositionService } from '../scheduling/DefaultQueuePositionService';
import { GpuRequestScope, GpuRequestServices } from './types';

/**
 * Checks request bodies with the shared zod schemas before the OpenAPI
 * validator does, so that a bad body is answered with the same field
 * messages the form shows (`count: must be at least 1; team: ...`). The
 * OpenAPI validator still checks everything, bodies included, after it.
 */
function bodyValidation(): express.Router {
  const validate =
    (schema: z.ZodType, options?: { optional: true }): express.RequestHandler =>
    (req, _res, next) => {
      // An optional body may be left out: it is then the empty object.
      const body = options?.optional && req.body === undefined ? {} : req.body;
      parseInput(schema, body, { unknownKey: 'field' });
      next();
    };
  const router = express.Router();
  router.post('/requests', (req, _res, next) => {
    // `startAt` is this backend's addition to the shared request shape.
    const { startAt, ...fields } =
      typeof req.body === 'object' && req.body !== null ? req.body : {};
    parseInput(
      gpuRequestInputSchema,
      typeof req.body === 'object' &&
        req.body !== null &&
        !Array.isArray(req.body)
        ? fields
        : req.body,
      { unknownKey: 'field' },
    );
    parseStartAt(startAt, new Date());
    next();
  });
  router.post('/requests/:id/extend', validate(gpuRequestExtendSchema));
  router.post('/requests/:id/reject', validate(gpuRequestRejectSchema));
  router.post('/requests/:id/shrink', validate(gpuRequestShrinkSchema));
  router.post(
    '/requests/:id/keep',
    validate(gpuRequestKeepSchema, { optional: true }),
  );
  return router;
}

function queryValues(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return ([] as unknown[]).concat(value).map(String);
}

function queryValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The REST API, built from and validated against `src/schema/openapi.yaml`:
 * every request is checked against the contract before a handler runs, and
 * with `validateResponses` every response after it.
 */
export async function createRouter(options: {
  services: GpuRequestServices;
  httpAuth: HttpAuthService;
  /** Where granted requests' waiting jobs stand; the route answers 404 without it. */
  queuePositions?: QueuePositionService;
  /** Check responses against the contract too; a mismatch becomes a 500. Default false. */
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { services, httpAuth } = options;
  const api = createValidatedOpenApiRouter(loadOpenApiSpec(), {
    middleware: [express.json(), bodyValidation()],
    validatorOptions: {
      validateResponses: options.validateResponses ?? false,
    },
  });
  // Reads may come from other backends (service principals); changes are made by users.
  const reader = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const user = (req: Request) => httpAuth.credentials(req, { allow: ['user'] });

  const router = Router();
  // First, before body parsing and validation: Backstage allows every
  // permission to service principals, so no route that changes state takes
  // one (403) but withdraw, where the service that made a request for a
  // user (the scaffolder's gpu:request) may take it back, checked there.
  // The lifecycle loop works in-process.
  router.use(
    refuseServiceCallersOnChanges({
      httpAuth,
      serviceRoutes: ['POST /requests/:id/withdraw'],
    }),
  );
  router.use(api);

  router.get('/capacity', async (req, res) => {
    res.json(
      await services.capacity.capacity({
        credentials: await reader(req),
        auditRequest: req,
      }),
    );
  });

  router.get('/classes', async (req, res) => {
    res.json(
      await services.capacity.classes({
        credentials: await reader(req),
        auditRequest: req,
      }),
    );
  });

  router.get('/quota', async (req, res) => {
    const items = await services.quotas.quota({
      credentials: await reader(req),
      auditRequest: req,
      team: queryValue(req.query.team),
    });
    res.json({ items });
  });

  router.get('/quota-sharing', async (req, res) => {
    res.json(
      await services.quotaSharing.quotaSharing({
        credentials: await reader(req),
        auditRequest: req,
        query: req.query,
      }),
    );
  });

  router.get('/start-estimate', async (req, res) => {
    res.json(
      await services.startEstimates.estimate({
        credentials: await reader(req),
        auditRequest: req,
        query: req.query,
      }),
    );
  });

  router.get('/calendar', async (req, res) => {
    res.json(
      await services.calendar.calendar({
        credentials: await reader(req),
        auditRequest: req,
        query: req.query,
      }),
    );
  });

  router.get('/requests', async (req, res) => {
    const items = await services.queries.list({
      credentials: await reader(req),
      auditRequest: req,
      scope: queryValue(req.query.scope) as GpuRequestScope | undefined,
      statuses: queryValues(req.query.status) as GpuRequestStatus[] | undefined,
      team: queryValue(req.query.team),
      entityRef: queryValue(req.query.entityRef),
    });
    res.json({ items });
  });

  router.post('/requests', async (req, res) => {
    const respondAsync = prefersAsync(req.header('prefer'));
    const { request, created } = await services.submissions.create({
      credentials: await user(req),
      auditRequest: req,
      input: req.body,
      idempotencyKey: req.header('idempotency-key'),
      respondAsync,
    });
    if (respondAsync) res.setHeader('Preference-Applied', 'respond-async');
    res.status(created ? 201 : 200).json(request);
  });

  router.get('/requests/:id', async (req, res) => {
    res.json(
      await services.queries.get({
        credentials: await reader(req),
        auditRequest: req,
        id: req.params.id,
      }),
    );
  });

  router.get('/requests/:id/queue-position', async (req, res) => {
    if (!options.queuePositions) {
      throw new NotFoundError('Queue positions are not served here');
    }
    res.json(
      await options.queuePositions.position({
        credentials: await reader(req),
        auditRequest: req,
        id: req.params.id,
      }),
    );
  });

  router.post('/requests/:id/approve', async (req, res) => {
    res.json(
      await services.decisions.approve({
        credentials: await user(req),
        auditRequest: req,
        id: req.params.id,
      }),
    );
  });

  router.post('/requests/:id/reject', async (req, res) => {
    res.json(
      await services.decisions.reject({
        credentials: await user(req),
        auditRequest: req,
        id: req.params.id,
        input: req.body,
      }),
    );
  });

  router.post('/requests/:id/extend', async (req, res) => {
    res.json(
      await services.grants.extend({
        credentials: await user(req),
        auditRequest: req,
        id: req.params.id,
        input: req.body,
      }),
    );
  });

  router.post('/requests/:id/release', async (req, res) => {
    res.json(
      await services.grants.release({
        credentials: await user(req),
        auditRequest: req,
        id: req.params.id,
      }),
    );
  });

  router.post('/requests/:id/withdraw', async (req, res) => {
    res.json(
      await services.grants.withdraw({
        credentials: await reader(req),
        auditRequest: req,
        id: req.params.id,
      }),
    );
  });

  router.post('/requests/:id/shrink', async (req, res) => {
    res.json(
      await services.idle.shrink({
        credentials: await user(req),
        auditRequest: req,
        id: req.params.id,
        input: req.body,
      }),
    );
  });

  router.post('/requests/:id/idle-notice', async (req, res) => {
    res.json(
      await services.idle.notifyIdle({
        credentials: await user(req),
        auditRequest: req,
        id: req.params.id,
      }),
    );
  });

  router.post('/requests/:id/keep', async (req, res) => {
    res.json(
      await services.idle.keep({
        credentials: await user(req),
        auditRequest: req,
        id: req.params.id,
        input: req.body,
      }),
    );
  });

  router.get('/idle-grants', async (req, res) => {
    res.json(
      await services.idle.list({
        credentials: await reader(req),
        auditRequest: req,
      }),
    );
  });

  router.get('/idle-policy/report', async (req, res) => {
    res.json(
      await services.idle.report({
        credentials: await reader(req),
        auditRequest: req,
      }),
    );
  });

  return router;
}

/** Whether a `Prefer` header (RFC 7240) asks for `respond-async`. */
function prefersAsync(prefer: string | undefined): boolean {
  return (prefer ?? '')
    .split(',')
    .some(preference => preference.split(';')[0].trim() === 'respond-async');
}
