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
 * services in-process; only the routes listed in `serviceRoutes` accept
 * services: `METHOD /path` relative to the plugin's router, where a `:name`
 * segment matches any one non-empty path segment (`POST /requests/:id/withdraw`)
 * and every other segment must be equal.
 * Unauthenticated requests are left to the HTTP router's auth policy (401).
 *
 * @public
 */
export function refuseServiceCallersOnChanges(options: {
  httpAuth: HttpAuthService;
  serviceRoutes?: ServiceRoute[];
}): express.RequestHandler {
  const allowed = (options.serviceRoutes ?? []).map(parseServiceRoute);
  return async (req, _res, next) => {
    try {
      if (
        !SAFE_METHODS.has(req.method) &&
        !allowed.some(route => route.matches(req.method, req.path))
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

/** A `METHOD /a/:b/c` route as a segment-by-segment matcher (no regular expressions). */
function parseServiceRoute(route: ServiceRoute) {
  const space = route.indexOf(' ');
  const method = route.slice(0, space);
  const segments = route.slice(space + 1).split('/');
  return {
    matches(requestMethod: string, path: string): boolean {
      if (requestMethod !== method) return false;
      const parts = path.split('/');
      return (
        parts.length === segments.length &&
        segments.every((segment, i) =>
          segment.startsWith(':') ? parts[i] !== '' : segment === parts[i],
        )
      );
    },
  };
}
