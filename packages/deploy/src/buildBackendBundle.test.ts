import fs from 'node:fs';
import path from 'node:path';
import { DEPLOY_DIR, REPO_ROOT } from './__testUtils__/paths';

// The host-build script reaches into the Backstage CLI's unpublished build
// functions (its own backend build cannot write an npm bundle); this fails
// when a CLI upgrade moves them, before a platform team's build does.
const script = require(path.join(
  DEPLOY_DIR,
  'scripts',
  'build-backend-bundle.cjs',
));

describe('build-backend-bundle.cjs', () => {
  it('finds the Backstage CLI functions it runs', () => {
    const cli = script.loadCliFunctions();
    for (const name of [
      'buildPackage',
      'createDistWorkspace',
      'resolveLocalDependencies',
    ]) {
      expect(typeof cli[name]).toBe('function');
    }
    expect(typeof cli.PackageGraph.listTargetPackages).toBe('function');
    expect(typeof cli.tar.create).toBe('function');
    expect(cli.Output.cjs).toBeDefined();
  });

  it('puts the npm files in the bundle, which all exist', () => {
    expect(script.NPM_FILES).toEqual([
      'package.json',
      'package-lock.json',
      '.npmrc',
    ]);
    for (const file of script.NPM_FILES) {
      expect(fs.existsSync(path.join(REPO_ROOT, file))).toBe(true);
    }
  });

  it('bundles the workspace packages the backend depends on, and no test or deploy package', async () => {
    const cli = script.loadCliFunctions();
    const packages = await cli.PackageGraph.listTargetPackages();
    const targets = await cli.resolveLocalDependencies(['backend'], packages);
    const names = targets.map((t: { name: string }) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'backend',
        'app',
        '@ai-platform/plugin-gpu-provisioning-backend',
        '@ai-platform/plugin-ai-platform-node',
      ]),
    );
    expect(names).not.toContain('@ai-platform/cluster-sim');
    expect(names).not.toContain('@ai-platform/deploy');
  });
});
