import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  parseInput,
  refuseServiceCallersOnChanges,
} from '@ai-platform/plugin-ai-platform-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import {
  entityQuerySchema,
  evaluationBodySchema,
  frameworkParamsSchema,
  heatmapQuerySchema,
  noQuerySchema,
  subjectQuerySchema,
  waiverParamsSchema,
} from './http/requestSchemas';
import {
  evidenceQuerySchema,
  historyQuerySchema,
  waiverInputSchema,
} from '@ai-platform/plugin-compliance-common';
import { evidenceToCsv } from './service/evidenceCsv';
import { CallContext, ComplianceServices } from './service/types';

/**
 * The compliance REST API. Every route needs a user or service principal;
 * the routes that change state (waivers, evaluations) refuse services with
 * 403 before the body is read, since the permission framework allows
 * everything to services. Scheduled evaluations run in-process.
 */
export async function createRouter(options: {
  services: ComplianceServices;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { services, httpAuth } = options;
  const router = Router();
  router.use(refuseServiceCallersOnChanges({ httpAuth }));
  router.use(express.json());
  const ctx = async (req: Request): Promise<CallContext> => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
    auditRequest: req,
  });

  router.get('/frameworks', async (req, res) => {
    parseInput(noQuerySchema, req.query, { where: 'query' });
    res.json(await services.scorecards.frameworks(await ctx(req)));
  });

  router.get('/entity', async (req, res) => {
    const { entityRef } = parseInput(entityQuerySchema, req.query, {
      where: 'query',
    });
    res.json(await services.scorecards.entity(await ctx(req), entityRef));
  });

  router.get('/subject', async (req, res) => {
    const { subjectRef } = parseInput(subjectQuerySchema, req.query, {
      where: 'query',
    });
    res.json({
      items: await services.rollups.subject(await ctx(req), subjectRef),
    });
  });

  router.get('/heatmap', async (req, res) => {
    const { group } = parseInput(heatmapQuerySchema, req.query, {
      where: 'query',
    });
    res.json(await services.rollups.heatmap(await ctx(req), group));
  });

  router.get('/history', async (req, res) => {
    const { subjectRef, days } = parseInput(historyQuerySchema, req.query, {
      where: 'query',
    });
    res.json({
      items: await services.history.history(await ctx(req), subjectRef, days),
    });
  });

  router.get('/frameworks/:frameworkId/matrix', async (req, res) => {
    parseInput(noQuerySchema, req.query, { where: 'query' });
    const { frameworkId } = parseInput(frameworkParamsSchema, req.params, {
      where: 'path',
    });
    res.json(await services.evidence.matrix(await ctx(req), frameworkId));
  });

  router.get('/frameworks/:frameworkId/evidence', async (req, res) => {
    const { frameworkId } = parseInput(frameworkParamsSchema, req.params, {
      where: 'path',
    });
    const query = parseInput(evidenceQuerySchema, req.query, {
      where: 'query',
    });
    const records = await services.evidence.evidence(await ctx(req), {
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
    const input = parseInput(waiverInputSchema, req.body, { where: 'waiver' });
    res
      .status(201)
      .json(await services.waivers.createWaiver(await ctx(req), input));
  });

  router.delete('/waivers/:id', async (req, res) => {
    parseInput(noQuerySchema, req.query, { where: 'query' });
    const { id } = parseInput(waiverParamsSchema, req.params, {
      where: 'path',
    });
    res.json(await services.waivers.revokeWaiver(await ctx(req), id));
  });

  router.post('/evaluations', async (req, res) => {
    parseInput(noQuerySchema, req.query, { where: 'query' });
    parseInput(evaluationBodySchema, req.body, { where: 'body' });
    res.json(await services.evaluations.evaluateNow(await ctx(req)));
  });

  return router;
}
