// Which code the figures are of: the commit, and the files of the GPU
// provisioning backend changed on top of it.
import { execFileSync } from 'node:child_process';

export function codeState(repo: string) {
  const git = (...args: string[]) =>
    execFileSync('git', ['--no-optional-locks', ...args], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      changed: git(
        'status',
        '--porcelain',
        '--',
        'plugins/gpu-provisioning-backend',
        'plugins/ai-platform-node',
      )
        .split('\n')
        .filter(Boolean).length,
    };
  } catch {
    return { commit: 'unknown', changed: -1 };
  }
}
