import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isSecretName } from './__testUtils__/config/configEnvVars';
import {
  DEPLOY_DIR,
  PRODUCTION_CONFIG_FILES,
  REPO_ROOT,
} from './__testUtils__/paths';
import {
  copyPaths,
  parseDockerfile,
} from './__testUtils__/docker/parseDockerfile';

const DOCKER_DIR = path.join(DEPLOY_DIR, 'docker');
const text = fs.readFileSync(path.join(DOCKER_DIR, 'Dockerfile'), 'utf8');
const instructions = parseDockerfile(text);
const of = (name: string) => instructions.filter(i => i.instruction === name);
const indexOf = (name: string, contains: string) =>
  instructions.findIndex(
    i => i.instruction === name && i.args.includes(contains),
  );
const HOST_BUILD = [
  'packages/backend/dist/skeleton.tar.gz',
  'packages/backend/dist/bundle.tar.gz',
];

describe('the Dockerfile', () => {
  it('builds on one Node 24 slim image pinned to a release', () => {
    expect(of('FROM').map(i => i.args)).toEqual([
      expect.stringMatching(
        /^node:24\.\d+\.\d+-(?:trixie|bookworm)-slim(?:@sha256:[0-9a-f]{64})?$/,
      ),
    ]);
  });

  it('runs as a non-root user, by number, from before the first RUN', () => {
    const users = of('USER');
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) {
      expect(user.args).toMatch(/^[1-9]\d*(?::[1-9]\d*)?$/);
    }
    expect(indexOf('USER', '')).toBeLessThan(indexOf('RUN', ''));
    for (const copy of of('COPY')) {
      expect(copy.args).toMatch(/--chown=[1-9]\d*:[1-9]\d*/);
    }
  });

  it('installs the skeleton with the lockfile, production dependencies only, then unpacks the bundle', () => {
    const skeleton = indexOf('COPY', 'skeleton.tar.gz');
    const unpackSkeleton = indexOf('RUN', 'tar xzf skeleton.tar.gz');
    const install = indexOf('RUN', 'npm ci');
    const bundle = indexOf('COPY', 'bundle.tar.gz');
    const unpackBundle = indexOf('RUN', 'tar xzf bundle.tar.gz');
    expect(skeleton).toBeGreaterThan(-1);
    expect([skeleton, unpackSkeleton, install, bundle, unpackBundle]).toEqual(
      [...[skeleton, unpackSkeleton, install, bundle, unpackBundle]].sort(
        (a, b) => a - b,
      ),
    );
    expect(
      new Set([skeleton, unpackSkeleton, install, bundle, unpackBundle]).size,
    ).toBe(5);
    expect(instructions[install].args).toMatch(/\bnpm ci\b.*--omit=dev/);
    expect(instructions[install].args).toContain('--ignore-scripts');
    expect(
      of('RUN')
        .map(r => r.args)
        .join('\n'),
    ).not.toMatch(/npm (?:i|install)\b/);
    expect(of('ENV').map(e => e.args)).toContain('NODE_ENV=production');
  });

  it('starts the backend with the production config, on the port the config sets', () => {
    expect(of('CMD').map(c => JSON.parse(c.args))).toEqual([
      [
        'node',
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
      ],
    ]);
    const production = parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'app-config.production.yaml'),
        'utf8',
      ),
    );
    expect(of('EXPOSE').map(e => e.args)).toEqual([
      String(production.backend.listen.port),
    ]);
  });

  it('copies files that exist in the repository or come from the host build, and every config file the command reads', () => {
    const sources = of('COPY').flatMap(c => copyPaths(c.args).sources);
    expect(sources).toEqual(
      expect.arrayContaining([...HOST_BUILD, ...PRODUCTION_CONFIG_FILES]),
    );
    for (const source of sources.filter(s => !HOST_BUILD.includes(s))) {
      expect(fs.existsSync(path.join(REPO_ROOT, source))).toBe(true);
    }
    expect(sources).not.toContain('app-config.demo.yaml');
  });

  it('sends the builder only what it copies', () => {
    const ignore = fs
      .readFileSync(path.join(DOCKER_DIR, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .map(l => l.trim())
      .filter(l => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const sources = of('COPY').flatMap(c => copyPaths(c.args).sources);
    expect(ignore.slice(1).sort()).toEqual(sources.map(s => `!${s}`).sort());
  });

  it('holds no secret', () => {
    for (const i of [...of('ENV'), ...of('ARG')]) {
      expect(isSecretName(i.args.split(/[=\s]/)[0])).toBe(false);
    }
    const sources = of('COPY').flatMap(c => copyPaths(c.args).sources);
    for (const source of sources) {
      expect(source).not.toMatch(
        /\.env|\.local\.yaml|credentials|\.pem$|\.key$|\*/,
      );
    }
    expect(text).not.toMatch(/(?:password|secret|token)\s*[=:]\s*\S/i);
  });
});
