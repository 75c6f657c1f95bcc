import fs from 'node:fs';
import git from 'isomorphic-git';
import { ProjectFile } from './stampRendering';

/** A file of a commit's tree: its blob id and mode. */
export type TreeFile = { oid: string; mode: string };

/** Every blob of a tree by `/`-separated path (submodules and symlinks kept by id). */
export async function readTreeFiles(
  dir: string,
  treeOid: string,
): Promise<Map<string, TreeFile>> {
  const files = new Map<string, TreeFile>();
  const walk = async (oid: string, prefix: string) => {
    const { tree } = await git.readTree({ fs, dir, oid });
    for (const entry of tree) {
      const path = prefix ? `${prefix}/${entry.path}` : entry.path;
      if (entry.type === 'tree') await walk(entry.oid, path);
      else files.set(path, { oid: entry.oid, mode: entry.mode });
    }
  };
  await walk(treeOid, '');
  return files;
}

/** The bytes of a blob. */
export async function readBlobBytes(dir: string, oid: string): Promise<Buffer> {
  const { blob } = await git.readBlob({ fs, dir, oid });
  return Buffer.from(blob);
}

/** Writes files (blob ids or new contents) as nested trees; returns the root tree. */
export async function writeTreeFiles(
  dir: string,
  files: Map<string, TreeFile | ProjectFile>,
): Promise<string> {
  type Folder = { blobs: Map<string, TreeFile>; folders: Map<string, Folder> };
  const root: Folder = { blobs: new Map(), folders: new Map() };
  for (const [path, file] of files) {
    const segments = path.split('/');
    const name = segments.pop()!;
    let folder = root;
    for (const segment of segments) {
      let next = folder.folders.get(segment);
      if (!next) {
        next = { blobs: new Map(), folders: new Map() };
        folder.folders.set(segment, next);
      }
      folder = next;
    }
    const oid =
      'content' in file
        ? await git.writeBlob({ fs, dir, blob: file.content })
        : file.oid;
    folder.blobs.set(name, { oid, mode: file.mode });
  }
  const write = async (folder: Folder): Promise<string> => {
    const tree = [...folder.blobs].map(([path, { oid, mode }]) => ({
      path,
      oid,
      mode,
      type: (mode === '160000' ? 'commit' : 'blob') as 'commit' | 'blob',
    }));
    for (const [path, child] of folder.folders) {
      tree.push({
        path,
        oid: await write(child),
        mode: '040000',
        type: 'tree' as any,
      });
    }
    return git.writeTree({ fs, dir, tree });
  };
  return write(root);
}
