import fs from 'node:fs';
import path from 'node:path';
import { SourceFile } from './scanKubernetesCalls';

/** Test code, fixtures and test helpers: none of it runs in the portal. */
function isProductionSource(name: string): boolean {
  return (
    name.endsWith('.ts') &&
    !name.endsWith('.d.ts') &&
    !name.endsWith('.test.ts') &&
    name !== 'setupTests.ts'
  );
}

const NOT_SHIPPED_DIRS = new Set([
  '__testUtils__',
  '__fixtures__',
  '__mocks__',
]);

/**
 * The non-test TypeScript under `plugins/<name>/src` of the repository,
 * with paths relative to it.
 */
export function listPluginSources(repoRoot: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(repoRoot, rel), {
      withFileTypes: true,
    })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!NOT_SHIPPED_DIRS.has(entry.name)) walk(child);
      } else if (isProductionSource(entry.name)) {
        out.push({
          path: child,
          text: fs.readFileSync(path.join(repoRoot, child), 'utf8'),
        });
      }
    }
  };
  for (const plugin of fs.readdirSync(path.join(repoRoot, 'plugins')).sort()) {
    if (fs.existsSync(path.join(repoRoot, 'plugins', plugin, 'src'))) {
      walk(`plugins/${plugin}/src`);
    }
  }
  return out;
}
