import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import { dirname, join } from 'node:path';
import git from 'isomorphic-git';
import { parseAllDocuments } from 'yaml';
import { TEMPLATE_RECORD_PATH, TemplateRecord } from './provenance';
import {
  TEMPLATE_REF_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@ai-platform/plugin-ai-platform-common';

/** A file of a project or rendering: its bytes and git mode. */
export type ProjectFile = { content: Buffer; mode: string };

/**
 * Every regular file under `dir` by `/`-separated path, without `.git` and
 * without the record file (which is provenance, not rendering).
 */
export async function readDirectoryFiles(
  dir: string,
): Promise<Map<string, ProjectFile>> {
  const files = new Map<string, ProjectFile>();
  const walk = async (relative: string) => {
    const entries = await fs.promises.readdir(join(dir, relative), {
      withFileTypes: true,
    });
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(path);
      } else if (entry.isFile() && path !== TEMPLATE_RECORD_PATH) {
        const full = join(dir, path);
        const stat = await fs.promises.stat(full);
        files.set(path, {
          content: await fs.promises.readFile(full),
          // eslint-disable-next-line no-bitwise
          mode: stat.mode & 0o111 ? '100755' : '100644',
        });
      }
    }
  };
  await walk('');
  return files;
}

/**
 * Adds the template annotations to every entity of the rendering's
 * `catalog-info.yaml` (keeping its comments and layout), so the catalog
 * shows which template and version each project is on.
 */
export function annotateCatalogInfo(
  text: string,
  templateRef: string,
  version: string,
): string {
  const documents = parseAllDocuments(text);
  return documents
    .map((document, index) => {
      if (!Array.isArray(document) && document.has('metadata')) {
        document.setIn(
          ['metadata', 'annotations', TEMPLATE_REF_ANNOTATION],
          templateRef,
        );
        document.setIn(
          ['metadata', 'annotations', TEMPLATE_VERSION_ANNOTATION],
          version,
        );
      }
      const rendered = document.toString();
      return index > 0 && !rendered.startsWith('---')
        ? `---\n${rendered}`
        : rendered;
    })
    .join('');
}

/**
 * Turns a freshly rendered skeleton in `dir` into a recorded one: annotates
 * its catalog entities, writes `.ai-platform/template.json` with the
 * template, version, values and the rendering's git blob ids, and returns
 * the record. Used by `ai-platform:template:record` when a project is made
 * and by `ai-platform:template:upgrade` on each new rendering, so both
 * produce the same bytes.
 */
export async function stampRendering(
  dir: string,
  identity: {
    templateRef: string;
    version: string;
    skeletonStep: string;
    values: JsonObject;
  },
): Promise<TemplateRecord> {
  const catalogInfo = join(dir, 'catalog-info.yaml');
  if (fs.existsSync(catalogInfo)) {
    const text = await fs.promises.readFile(catalogInfo, 'utf8');
    await fs.promises.writeFile(
      catalogInfo,
      annotateCatalogInfo(text, identity.templateRef, identity.version),
    );
  }
  const rendering: Record<string, string> = {};
  const files = await readDirectoryFiles(dir);
  for (const path of [...files.keys()].sort()) {
    const { oid } = await git.hashBlob({ object: files.get(path)!.content });
    rendering[path] = oid;
  }
  const record: TemplateRecord = { ...identity, rendering };
  const recordFile = resolveSafeChildPath(dir, TEMPLATE_RECORD_PATH);
  await fs.promises.mkdir(dirname(recordFile), { recursive: true });
  await fs.promises.writeFile(
    recordFile,
    `${JSON.stringify(record, null, 2)}\n`,
  );
  return record;
}
