import { HttpAuthService } from '@backstage/backend-plugin-api';
import { refuseServiceCallersOnChanges } from '@ai-platform/plugin-ai-platform-node';
import { InputError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  evidenceQuerySchema,
  historyQuerySchema,
  waiverInputSchema,
} from '@ai-platform/plugin-compliance-common';
import { evidenceToCsv } from './service/evidenceCsv';
import { ComplianceService } from './service/ComplianceService';

function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new InputError(
      `Invalid ${where}: ${result.error.issues
        .map(i =>
          i.code === 'unrecognized_keys'
            ? `${i.keys.join(', ')}: unknown parameter`
            : `${i.path.join('.') || '(root)'}: ${i.message}`,
        )
        .join('; ')}`,
    );
  }
  return result.data;
}

/** A text parameter: a non-empty string without NUL (PostgreSQL text cannot hold one). */
const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .min(1, `${field} is required`)
    .max(max, `${field} is too long`)
    .refine(
      value => !value.includes('\u0000'),
      `${field} must not contain NUL characters`,
    );
const ref = (field: string) => text(field, 1024);

const noQuerySchema = z.strictObject({});
const entityQuerySchema = z.strictObject({ entityRef: ref('entityRef') });
const subjectQuerySchema = z.strictObject({ subjectRef: ref('subjectRef') });
const heatmapQuerySchema = z.strictObject({ group: ref('group').optional() });
const frameworkParamsSchema = z.object({
  frameworkId: text('frameworkId', 128),
});
const waiverParamsSchema = z.object({ id: text('id', 64) });
/** `POST /evaluations` takes no parameters: an empty body or `{}`. */
const evaluationBodySchema = z.strictObject({});

/**
 * The compliance REST API. Every route needs a user or service principal;
 * the routes that change state (waivers, evaluations) refuse services with
 * 403 before the body is read, since the permission framework allows
 * everything to services. Scheduled evaluations run in-process.
 */
export async function createRouter(options: {
  service: ComplianceService;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { service, httpAuth } = options;
  const router = Router();
  router.use(refuseServiceCallersOnChanges({ httpAuth }));
  router.use(express.json());
  const ctx = async (req: Request) => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
    request: req,
  });

  router.get('/frameworks', async (req, res) => {
    parse(noQuerySchema, req.query, 'query');
    res.json(await service.frameworks(await ctx(req)));
  });

  router.get('/entity', async (req, res) => {
    const { entityRef } = parse(entityQuerySchema, req.query, 'query');
    res.json(await service.entity(await ctx(req), entityRef));
  });

  router.get('/subject', async (req, res) => {
    const { subjectRef } = parse(subjectQuerySchema, req.query, 'query');
    res.json({ items: await service.subject(await ctx(req), subjectRef) });
  });

  router.get('/heatmap', async (req, res) => {
    const { group } = parse(heatmapQuerySchema, req.query, 'query');
    res.json(await service.heatmap(await ctx(req), group));
  });

  router.get('/history', async (req, res) => {
    const { subjectRef, days } = parse(historyQuerySchema, req.query, 'query');
    res.json({
      items: await service.history(await ctx(req), subjectRef, days),
    });
  });

  router.get('/frameworks/:frameworkId/matrix', async (req, res) => {
    parse(noQuerySchema, req.query, 'query');
    const { frameworkId } = parse(frameworkParamsSchema, req.params, 'path');
    res.json(await service.matrix(await ctx(req), frameworkId));
  });

  router.get('/frameworks/:frameworkId/evidence', async (req, res) => {
    const { frameworkId } = parse(frameworkParamsSchema, req.params, 'path');
    const query = parse(evidenceQuerySchema, req.query, 'query');
    const records = await service.evidence(await ctx(req), {
      frameworkId,
      control: query.control,
      team: query.team,
      entityRef: query.entityRef,
    });
    const name = `compliance-evidence-${frameworkId.replace(
      /[^a-z0-9-]/gi,
      '',
    )}`;
    if (query.format === 'csv') {
      res
        .type('text/csv')
        .attachment(`${name}.csv`)
        .send(evidenceToCsv(records));
      return;
    }
    res.json({ items: records });
  });

  router.post('/waivers', async (req, res) => {
    const input = parse(waiverInputSchema, req.body, 'waiver');
    res.status(201).json(await service.createWaiver(await ctx(req), input));
  });

  router.delete('/waivers/:id', async (req, res) => {
    parse(noQuerySchema, req.query, 'query');
    const { id } = parse(waiverParamsSchema, req.params, 'path');
    res.json(await service.revokeWaiver(await ctx(req), id));
  });

  router.post('/evaluations', async (req, res) => {
    parse(noQuerySchema, req.query, 'query');
    parse(evaluationBodySchema, req.body, 'body');
    res.json(await service.evaluateNow(await ctx(req)));
  });

  return router;
}
