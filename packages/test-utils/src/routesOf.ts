/**
 * The routes an Express router declares itself, as sorted `METHOD /path`
 * strings, for tests that must cover every route (fuzzing, contracts).
 */
export function routesOf(router: { stack: unknown[] }): string[] {
  return (router.stack as Array<{ route?: unknown }>)
    .filter(layer => layer.route)
    .flatMap(layer => {
      const route = layer.route as {
        path: string;
        methods: Record<string, boolean>;
      };
      return Object.keys(route.methods).map(
        method => `${method.toUpperCase()} ${route.path}`,
      );
    })
    .sort();
}
