import type { Router } from 'express';

/** One route of a plugin's router. */
export interface PluginRoute {
  pluginId: string;
  /** Upper-case HTTP method, `ALL` for `router.all`. */
  method: string;
  /** The path under `/api/<pluginId>`, with `:params`. */
  path: string;
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  regexp?: RegExp & { fast_slash?: boolean };
}

/**
 * The path a router is mounted on, from its layer's regular expression
 * (Express 4 keeps no string): `^\/models\/?(?=\/|$)` is `/models`.
 */
function mountPath(layer: Layer): string {
  const regexp = layer.regexp;
  if (!regexp || regexp.fast_slash) return '';
  const source = regexp.source
    .replace('\\/?(?=\\/|$)', '')
    .replace(/^\^/, '')
    .replace(/\(\?:\(\[\^\\\/\]\+\?\)\)/g, ':param')
    .replace(/\\\//g, '/');
  if (!/^[\w/:.-]*$/.test(source)) {
    throw new Error(`Cannot read the mount path of /${regexp.source}/`);
  }
  return source;
}

function walk(stack: Layer[], prefix: string, pluginId: string): PluginRoute[] {
  const routes: PluginRoute[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const { path, methods } = layer.route;
      if (typeof path !== 'string') {
        throw new Error(
          `Route ${String(path)} of ${pluginId} is not a string path`,
        );
      }
      for (const method of Object.keys(methods)) {
        routes.push({
          pluginId,
          method: method === '_all' ? 'ALL' : method.toUpperCase(),
          path: `${prefix}${path}`.replace(/\/{2,}/g, '/'),
        });
      }
    } else if (layer.handle?.stack) {
      routes.push(
        ...walk(layer.handle.stack, `${prefix}${mountPath(layer)}`, pluginId),
      );
    }
  }
  return routes;
}

/**
 * Every route of a plugin, read from the Express router the plugin's HTTP
 * router mounted (its own routes and those of nested routers), so a route
 * added later is listed without anyone adding it to a test.
 */
export function listRoutes(pluginId: string, router: Router): PluginRoute[] {
  const stack =
    (router as unknown as Layer).handle?.stack ??
    (router as unknown as { stack: Layer[] }).stack;
  const seen = new Set<string>();
  return walk(stack, '', pluginId).filter(route => {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
