import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES_DIR_ENV, findFixturesDir } from './findFixturesDir';

describe('findFixturesDir', () => {
  const saved = process.env[FIXTURES_DIR_ENV];
  afterEach(() => {
    if (saved === undefined) {
      delete process.env[FIXTURES_DIR_ENV];
    } else {
      process.env[FIXTURES_DIR_ENV] = saved;
    }
  });

  it('prefers the environment variable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixtures-'));
    try {
      process.env[FIXTURES_DIR_ENV] = dir;
      expect(findFixturesDir()).toBe(dir);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('returns undefined when the variable points nowhere', () => {
    process.env[FIXTURES_DIR_ENV] = path.join(
      os.tmpdir(),
      'no-such-fixtures-dir',
    );
    expect(findFixturesDir()).toBeUndefined();
  });

  it('otherwise looks beside the repository root', () => {
    delete process.env[FIXTURES_DIR_ENV];
    let root = __dirname;
    while (!fs.existsSync(path.join(root, 'backstage.json'))) {
      root = path.dirname(root);
    }
    const expected = path.resolve(root, '..', 'shared', 'fixtures');
    expect(findFixturesDir()).toBe(
      fs.existsSync(expected) ? expected : undefined,
    );
  });
});
