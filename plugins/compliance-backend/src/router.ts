import { HttpAuthService } from '@backstage/backend-plugin-api';
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
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

const entityQuerySchema = z.object({
  entityRef: z.string().min(1, 'entityRef is required'),
});
const subjectQuerySchema = z.object({
  subjectRef: z.string().min(1, 'subjectRef is required'),
});
const heatmapQuerySchema = z.object({ group: z.string().min(1).optional() });

/** The compliance REST API; every route needs a user or service principal. */
export async function createRouter(options: {
  service: ComplianceService;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { service, httpAuth } = options;
  const router = Router();
  router.use(express.json());
  const ctx = async (req: Request) => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
    request: req,
  });

  router.get('/frameworks', async (req, res) => {
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
    res.json(await service.matrix(await ctx(req), req.params.frameworkId));
  });

  router.get('/frameworks/:frameworkId/evidence', async (req, res) => {
    const query = parse(evidenceQuerySchema, req.query, 'query');
    const records = await service.evidence(await ctx(req), {
      frameworkId: req.params.frameworkId,
      control: query.control,
      team: query.team,
      entityRef: query.entityRef,
    });
    const name = `compliance-evidence-${req.params.frameworkId.replace(
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
    res.json(await service.revokeWaiver(await ctx(req), req.params.id));
  });

  router.post('/evaluations', async (req, res) => {
    res.json(await service.evaluateNow(await ctx(req)));
  });

  return router;
}
