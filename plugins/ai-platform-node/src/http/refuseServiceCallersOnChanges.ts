import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A route that other backends may change state through, as `METHOD /path`. @public */
export type ServiceRoute = `${'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

/**
 * Middleware that refuses service principals on every state-changing request
 * (anything but GET, HEAD and OPTIONS) with 403, before any body parsing or
 * validation.
 *
 * @remarks
 * Backstage's permission framework allows every permission to service
 * principals, so a route that changes state and accepts a service token is
 * open to any holder of one. Scheduled work inside a plugin calls its
 * services in-process; only the routes listed in `serviceRoutes` (exact
 * `METHOD /path` matches, relative to the plugin's router) accept services.
 * Unauthenticated requests are left to the HTTP router's auth policy (401).
 *
 * @public
 */
export function refuseServiceCallersOnChanges(options: {
  httpAuth: HttpAuthService;
  serviceRoutes?: ServiceRoute[];
}): express.RequestHandler {
  const allowed = new Set<string>(options.serviceRoutes ?? []);
  return async (req, _res, next) => {
    try {
      if (
        !SAFE_METHODS.has(req.method) &&
        !allowed.has(`${req.method} ${req.path}`)
      ) {
        // Throws NotAllowedError (403) for a service, AuthenticationError (401) for none.
        await options.httpAuth.credentials(req, { allow: ['user'] });
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
