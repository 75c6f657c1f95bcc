import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { ServingServer } from '../serving/types';

/** A request the stand-in gpu-metrics backend answered. */
export interface ServingRequest {
  path: string;
  query: Record<string, unknown>;
  principal: string;
}

/**
 * A stand-in gpu-metrics backend serving contract A's `/serving` and
 * `/serving/servers` from fixed servers, over real HTTP and discovery in
 * the same test backend. It accepts only service tokens on
 * `/serving/servers` (as the real one does for other plugins) and records
 * every request so tests see what the cost backend asked.
 */
export function servingGpuMetricsBackend(options: {
  /** The fleet's servers for a query (window or day). */
  servers: (query: Record<string, unknown>) => ServingServer[];
}) {
  const requests: ServingRequest[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'gpu-metrics',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          auth: coreServices.auth,
        },
        async init({ httpRouter, httpAuth, auth }) {
          const router = Router();
          router.use(express.json());
          const record = async (req: express.Request) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['user', 'service'],
            });
            const principal = auth.isPrincipal(credentials, 'user')
              ? credentials.principal.userEntityRef
              : (credentials.principal as { subject: string }).subject;
            requests.push({ path: req.path, query: req.query, principal });
            return credentials.principal.type;
          };
          router.get('/serving/servers', async (req, res) => {
            if ((await record(req)) !== 'service') {
              throw new NotAllowedError('fleet viewers and services only');
            }
            res.json({
              window: req.query.window ?? null,
              day: req.query.day ?? null,
              servers: options.servers(req.query),
              errors: [],
            });
          });
          router.get('/serving', async (req, res) => {
            await record(req);
            const ref = String(req.query.entityRef).toLowerCase();
            if (ref.endsWith('/missing')) {
              // As the real backend answers an entity the catalog lacks.
              throw new NotFoundError(`No entity ${req.query.entityRef}`);
            }
            const mine = options
              .servers(req.query)
              .filter(s => s.entityRef?.toLowerCase() === ref);
            const zero = {
              inputTokens: 0,
              outputTokens: 0,
              prefillSeconds: 0,
              decodeSeconds: 0,
              gpuUtilisation: { mean: null, max: null },
              gpuHours: [],
            };
            const first = mine[0];
            res.json({
              entityRef: req.query.entityRef,
              window: req.query.window,
              totals: first?.totals ?? zero,
              consumers: first?.consumers ?? [],
              unattributed: first?.unattributed ?? {
                inputTokens: 0,
                outputTokens: 0,
              },
              errors: [],
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, requests };
}
