import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One YAML document of a manifest file. */
export interface ManifestDocument {
  /** The file, relative to the directory that was read. */
  file: string;
  /** The document's position in its file, from 0. */
  index: number;
  object: KubernetesObject;
}

/** The fields every manifest document has. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** Kustomize's own file, which holds no Kubernetes object. */
export const KUSTOMIZATION = 'kustomization.yaml';

/** Every `.yaml` file under `dir` but kustomization files, sorted, relative to it. */
export function listManifestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.yaml') && entry.name !== KUSTOMIZATION) {
        out.push(rel);
      }
    }
  };
  walk('');
  return out.sort();
}

/**
 * Parses every document of the given files. A YAML error, an empty document
 * or one without apiVersion, kind and metadata.name throws naming the file.
 */
export function readManifests(
  dir: string,
  files: string[] = listManifestFiles(dir),
): ManifestDocument[] {
  return files.flatMap(file => {
    const docs = parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    );
    return docs.map((doc, index) => {
      if (doc.errors.length > 0) {
        throw new Error(`${file} document ${index}: ${doc.errors[0].message}`);
      }
      const object = doc.toJS() as Partial<KubernetesObject> | null;
      if (
        !object ||
        typeof object.apiVersion !== 'string' ||
        typeof object.kind !== 'string' ||
        typeof object.metadata?.name !== 'string'
      ) {
        throw new Error(
          `${file} document ${index} has no apiVersion, kind and metadata.name`,
        );
      }
      return { file, index, object: object as KubernetesObject };
    });
  });
}

/** `Kind/name` of a document and where it is, for messages. */
export function describeDocument(doc: ManifestDocument): string {
  return `${doc.object.kind}/${doc.object.metadata.name} (${doc.file}#${doc.index})`;
}
