import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  parseInput,
  refuseServiceCallersOnChanges,
} from '@ai-platform/plugin-ai-platform-node';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import {
  entityEvaluationBodySchema,
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
import { loadOpenApiSpec } from './schema/openApiSpec';
import { evidenceToCsv } from './service/evidenceCsv';
import { CallContext, ComplianceServices } from './service/types';

/**
 * Each route's input, parsed with the suite's zod schemas into `InputError`s
 * naming the field. Run once before the OpenAPI validator, so that a bad
 * request is answered in these words, and again by the handler for the
 * typed values.
 */
const inputs = {
  frameworks: (req: Request) =>
    parseInput(noQuerySchema, req.query, { where: 'query' }),
  entity: (req: Request) =>
    parseInput(entityQuerySchema, req.query, { where: 'query' }),
  subject: (req: Request) =>
    parseInput(subjectQuerySchema, req.query, { where: 'query' }),
  heatmap: (req: Request) =>
    parseInput(heatmapQuerySchema, req.query, { where: 'query' }),
  history: (req: Request) =>
    parseInput(historyQuerySchema, req.query, { where: 'query' }),
  matrix: (req: Request) => {
    parseInput(noQuerySchema, req.query, { where: 'query' });
    return parseInput(frameworkParamsSchema, req.params, { where: 'path' });
  },
  evidence: (req: Request) => ({
    ...parseInput(frameworkParamsSchema, req.params, { where: 'path' }),
    ...parseInput(evidenceQuerySchema, req.query, { where: 'query' }),
  }),
  createWaiver: (req: Request) =>
    parseInput(waiverInputSchema, req.body, { where: 'waiver' }),
  revokeWaiver: (req: Request) => {
    parseInput(noQuerySchema, req.query, { where: 'query' });
    return parseInput(waiverParamsSchema, req.params, { where: 'path' });
  },
  evaluation: (req: Request) => {
    parseInput(noQuerySchema, req.query, { where: 'query' });
    return parseInput(evaluationBodySchema, req.body, { where: 'body' });
  },
  entityEvaluation: (req: Request) => {
    parseInput(noQuerySchema, req.query, { where: 'query' });
    return parseInput(entityEvaluationBodySchema, req.body, { where: 'body' });
  },
};

/** Parses every route's input with {@link inputs}, before the OpenAPI validator. */
function inputValidation(): express.Router {
  const check =
    (parse: (req: Request) => unknown): express.RequestHandler =>
    (req, _res, next) => {
      parse(req);
      next();
    };
  const router = express.Router();
  router.get('/frameworks', check(inputs.frameworks));
  router.get('/entity', check(inputs.entity));
  router.get('/subject', check(inputs.subject));
  router.get('/heatmap', check(inputs.heatmap));
  router.get('/history', check(inputs.history));
  router.get('/frameworks/:frameworkId/matrix', check(inputs.matrix));
  router.get('/frameworks/:frameworkId/evidence', check(inputs.evidence));
  router.post('/waivers', check(inputs.createWaiver));
  router.delete('/waivers/:id', check(inputs.revokeWaiver));
  router.post('/evaluations', check(inputs.evaluation));
  router.post('/entity/evaluations', check(inputs.entityEvaluation));
  return router;
}

/**
 * The compliance REST API, built from and validated against
 * `src/schema/openapi.yaml` (served at `GET /openapi.json`). Every route
 * needs a user or service principal; the routes that change state (waivers,
 * evaluations) refuse services with 403 before the body is read, since the
 * permission framework allows everything to services. Scheduled evaluations
 * run in-process.
 */
export async function createRouter(options: {
  services: ComplianceServices;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { services, httpAuth } = options;
  const router = Router();
  router.use(refuseServiceCallersOnChanges({ httpAuth }));
  // Body parsing stays outside the validated router, whose error handler
  // would turn every body-parser error (413 included) into a 400.
  router.use(express.json());
  router.use(
    createValidatedOpenApiRouter(loadOpenApiSpec(), {
      middleware: [inputValidation()],
    }),
  );
  const ctx = async (req: Request): Promise<CallContext> => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
    auditRequest: req,
  });

  router.get('/frameworks', async (req, res) => {
    inputs.frameworks(req);
    res.json(await services.scorecards.frameworks(await ctx(req)));
  });

  router.get('/entity', async (req, res) => {
    const { entityRef } = inputs.entity(req);
    res.json(await services.scorecards.entity(await ctx(req), entityRef));
  });

  router.get('/subject', async (req, res) => {
    const { subjectRef } = inputs.subject(req);
    res.json({
      items: await services.rollups.subject(await ctx(req), subjectRef),
    });
  });

  router.get('/heatmap', async (req, res) => {
    const { group } = inputs.heatmap(req);
    res.json(await services.rollups.heatmap(await ctx(req), group));
  });

  router.get('/history', async (req, res) => {
    const { subjectRef, days } = inputs.history(req);
    res.json({
      items: await services.history.history(await ctx(req), subjectRef, days),
    });
  });

  router.get('/frameworks/:frameworkId/matrix', async (req, res) => {
    const { frameworkId } = inputs.matrix(req);
    res.json(await services.evidence.matrix(await ctx(req), frameworkId));
  });

  router.get('/frameworks/:frameworkId/evidence', async (req, res) => {
    const query = inputs.evidence(req);
    const { frameworkId } = query;
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
    const input = inputs.createWaiver(req);
    res
      .status(201)
      .json(await services.waivers.createWaiver(await ctx(req), input));
  });

  router.delete('/waivers/:id', async (req, res) => {
    const { id } = inputs.revokeWaiver(req);
    res.json(await services.waivers.revokeWaiver(await ctx(req), id));
  });

  router.post('/evaluations', async (req, res) => {
    inputs.evaluation(req);
    res.json(await services.evaluations.evaluateNow(await ctx(req)));
  });

  router.post('/entity/evaluations', async (req, res) => {
    const { entityRef } = inputs.entityEvaluation(req);
    res.json(
      await services.evaluations.evaluateEntityNow(await ctx(req), entityRef),
    );
  });

  return router;
}
