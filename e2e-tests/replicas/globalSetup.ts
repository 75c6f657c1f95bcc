import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The replicas run the production build, as a deployment does: built (or
 * found current) and unpacked into .build/production by the same step
 * ./scripts/start takes, before any test starts a replica.
 */
export default function globalSetup() {
  execFileSync(
    'bash',
    [
      '-c',
      'source scripts/lib/env.sh && source scripts/lib/production.sh && ensure_production_build',
    ],
    { cwd: resolve(__dirname, '..', '..'), stdio: 'inherit' },
  );
}
