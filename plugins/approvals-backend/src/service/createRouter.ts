import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  parseInput,
  refuseServiceCallersOnChanges,
} from '@ai-platform/plugin-ai-platform-node';
import { APPROVAL_STATUSES } from '@ai-platform/plugin-approvals-common';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { loadOpenApiSpec } from '../schema/openApiSpec';
import { ApprovalService } from './types';

const httpUrl = z
  .string()
  .max(2000)
  .refine(value => /^https?:\/\//.test(value), {
    message: 'must be an http or https URL',
  });

/** The request shapes, parsed before the OpenAPI validator so a 400 names the field in the suite's words. */
export const approvalSchemas = {
  create: z.strictObject({
    approverGroup: z.string().trim().min(1).max(255),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(4000).optional(),
    link: httpUrl.optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  }),
  list: z.strictObject({
    status: z.enum(APPROVAL_STATUSES as [string, ...string[]]).optional(),
    mine: z.enum(['approver', 'requester']).default('approver'),
  }),
  decision: z.strictObject({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().max(2000).optional(),
  }),
  withdraw: z.strictObject({
    reason: z.string().max(2000).optional(),
  }),
};

function bodyValidation(): express.Router {
  const validate =
    (schema: z.ZodType, options?: { optional: true }): express.RequestHandler =>
    (req, _res, next) => {
      const body = options?.optional && req.body === undefined ? {} : req.body;
      parseInput(schema, body, { unknownKey: 'field', where: 'body' });
      next();
    };
  const router = express.Router();
  router.post('/approvals', validate(approvalSchemas.create));
  router.get('/approvals', (req, _res, next) => {
    parseInput(approvalSchemas.list, req.query, { where: 'query' });
    next();
  });
  router.post('/approvals/:id/decision', validate(approvalSchemas.decision));
  router.post(
    '/approvals/:id/withdraw',
    validate(approvalSchemas.withdraw, { optional: true }),
  );
  return router;
}

/**
 * The `/api/approvals` routes, built from and validated against
 * `src/schema/openapi.yaml` (served at `GET /openapi.json`).
 */
export async function createRouter(options: {
  service: ApprovalService;
  httpAuth: HttpAuthService;
  /** Check responses against the contract too; a mismatch becomes a 500. Default false. */
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { service, httpAuth } = options;
  const router = Router();
  // Services are refused on every change but a withdrawal, where the
  // service decides: only the service that asked may withdraw.
  router.use(
    refuseServiceCallersOnChanges({
      httpAuth,
      serviceRoutes: ['POST /approvals/:id/withdraw'],
    }),
  );
  router.use(
    createValidatedOpenApiRouter(loadOpenApiSpec(), {
      middleware: [express.json(), bodyValidation()],
      validatorOptions: {
        validateResponses: options.validateResponses ?? false,
      },
    }),
  );

  router.post('/approvals', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const input = parseInput(approvalSchemas.create, req.body, {
      unknownKey: 'field',
      where: 'body',
    });
    const { approval, created } = await service.create(
      input,
      { credentials, auditRequest: req },
      { idempotencyKey: req.header('idempotency-key') },
    );
    res.status(created ? 201 : 200).json(approval);
  });

  router.get('/approvals', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const query = parseInput(approvalSchemas.list, req.query, {
      where: 'query',
    });
    const items = await service.list(
      {
        mine: query.mine,
        status: query.status as (typeof APPROVAL_STATUSES)[number] | undefined,
      },
      { credentials, auditRequest: req },
    );
    res.json({ items });
  });

  router.get('/approvals/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await service.get(req.params.id, { credentials, auditRequest: req }),
    );
  });

  router.post('/approvals/:id/decision', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const decision = parseInput(approvalSchemas.decision, req.body, {
      unknownKey: 'field',
      where: 'body',
    });
    res.json(
      await service.decide(req.params.id, decision, {
        credentials,
        auditRequest: req,
      }),
    );
  });

  router.post('/approvals/:id/withdraw', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = parseInput(approvalSchemas.withdraw, req.body ?? {}, {
      unknownKey: 'field',
      where: 'body',
    });
    res.json(
      await service.withdraw(req.params.id, body, {
        credentials,
        auditRequest: req,
      }),
    );
  });

  return router;
}
