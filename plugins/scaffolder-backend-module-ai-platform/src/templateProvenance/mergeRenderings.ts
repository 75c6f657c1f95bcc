import { mergeDiff3 } from 'node-diff3';
import { ProjectFile } from './stampRendering';

/** Why a file could not be merged cleanly. */
export type MergeConflict = {
  path: string;
  reason:
    | 'both-changed'
    | 'both-added'
    | 'changed-in-project-deleted-in-template'
    | 'deleted-in-project-changed-in-template'
    | 'binary';
};

/** The merged project: every file's new content (undefined: deleted). */
export type MergedRenderings = {
  files: Map<string, ProjectFile | undefined>;
  changed: string[];
  conflicts: MergeConflict[];
};

const same = (a?: ProjectFile, b?: Buffer | ProjectFile) => {
  const bytes = b && 'content' in b ? b.content : b;
  return a === undefined
    ? bytes === undefined
    : !!bytes && a.content.equals(bytes);
};

const isText = (bytes: Buffer) => !bytes.includes(0);

/**
 * Three-way-merges a template upgrade file by file: base is the rendering the
 * project was made from, ours the project's files now, theirs the new
 * rendering. A file only one side changed takes that side (additions and
 * deletions included); a text file both changed is merged line by line with
 * diff3, and what does not merge is written with conflict markers (the base
 * in between, as `git merge` with `merge.conflictStyle=diff3` does) and
 * listed. A conflict never drops the project's content.
 */
export function mergeRenderings(options: {
  base: Map<string, Buffer>;
  ours: Map<string, ProjectFile>;
  theirs: Map<string, ProjectFile>;
  labels: { ours: string; base: string; theirs: string };
}): MergedRenderings {
  const { base, ours, theirs, labels } = options;
  const files = new Map<string, ProjectFile | undefined>();
  const conflicts: MergeConflict[] = [];
  const paths = new Set([...base.keys(), ...ours.keys(), ...theirs.keys()]);
  for (const path of [...paths].sort()) {
    const b = base.get(path);
    const o = ours.get(path);
    const t = theirs.get(path);
    if (same(t, b) || same(o, t)) {
      // The template did not change it, or both made the same change.
      if (o) files.set(path, o);
      continue;
    }
    if (same(o, b)) {
      files.set(path, t);
      continue;
    }
    // Both sides changed the file, differently.
    if (!t) {
      files.set(path, o);
      conflicts.push({
        path,
        reason: 'changed-in-project-deleted-in-template',
      });
      continue;
    }
    if (!o) {
      conflicts.push({
        path,
        reason: 'deleted-in-project-changed-in-template',
      });
      continue;
    }
    if (!isText(o.content) || !isText(t.content) || (b && !isText(b))) {
      files.set(path, o);
      conflicts.push({ path, reason: 'binary' });
      continue;
    }
    const merged = mergeDiff3(
      o.content.toString('utf8'),
      (b ?? Buffer.alloc(0)).toString('utf8'),
      t.content.toString('utf8'),
      {
        excludeFalseConflicts: true,
        stringSeparator: /\n/,
        label: { a: labels.ours, o: labels.base, b: labels.theirs },
      },
    );
    files.set(path, {
      content: Buffer.from(merged.result.join('\n'), 'utf8'),
      mode: t.mode,
    });
    if (merged.conflict) {
      conflicts.push({ path, reason: b ? 'both-changed' : 'both-added' });
    }
  }
  const changed = [...files.keys(), ...ours.keys()]
    .filter((path, i, all) => all.indexOf(path) === i)
    .filter(path => {
      const now = ours.get(path);
      const next = files.get(path);
      return next === undefined
        ? now !== undefined
        : !same(next, now) || next.mode !== now?.mode;
    })
    .sort();
  return { files, changed, conflicts };
}
