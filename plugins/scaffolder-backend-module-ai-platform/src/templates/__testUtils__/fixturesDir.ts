import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The shared fixtures: AI_PLATFORM_FIXTURES_DIR, or `../shared/fixtures`
 * beside the checkout. Throws when they are missing, so a test never passes
 * without the real schemas.
 */
export function fixturesDir(): string {
  const fromEnv = process.env.AI_PLATFORM_FIXTURES_DIR;
  let dir = fromEnv ? path.resolve(fromEnv) : undefined;
  if (!dir) {
    for (let d = __dirname; path.dirname(d) !== d; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, 'backstage.json'))) {
        dir = path.resolve(d, '..', 'shared', 'fixtures');
        break;
      }
    }
  }
  if (!dir || !fs.existsSync(path.join(dir, 'backstage', 'schema'))) {
    throw new Error(
      'The shared fixtures (../shared/fixtures) were not found; set AI_PLATFORM_FIXTURES_DIR',
    );
  }
  return dir;
}

/** The repository's templates/ folder. */
export function templatesDir(): string {
  for (let d = __dirname; path.dirname(d) !== d; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'backstage.json'))) {
      return path.join(d, 'templates');
    }
  }
  throw new Error('templates/ not found above this package');
}

/** Every template folder under templates/, maintenance templates included. */
export function allTemplateNames(): string[] {
  return fs
    .readdirSync(templatesDir(), { withFileTypes: true })
    .filter(
      e =>
        e.isDirectory() &&
        fs.existsSync(path.join(templatesDir(), e.name, 'template.yaml')),
    )
    .map(e => e.name)
    .sort();
}

/**
 * The golden paths: every template that makes a project, without the
 * maintenance ones (`spec.type: maintenance`, such as template-upgrade).
 */
export function templateNames(): string[] {
  return allTemplateNames().filter(
    name =>
      parse(
        fs.readFileSync(
          path.join(templatesDir(), name, 'template.yaml'),
          'utf8',
        ),
      ).spec?.type !== 'maintenance',
  );
}

/** A folder's files as the dry-run endpoint takes them. */
export function directoryContents(
  dir: string,
  prefix = '',
): Array<{ path: string; base64Content: string }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory()
      ? directoryContents(full, rel)
      : [
          {
            path: rel,
            base64Content: fs.readFileSync(full).toString('base64'),
          },
        ];
  });
}
