import { MergeConflict } from './mergeRenderings';

/**
 * The words of an upgrade: the commit message, and the title and body of
 * its pull or merge request (the changed files and every conflict with its
 * reason, so a reviewer sees what was not merged cleanly).
 */
export function describeUpgrade(upgrade: {
  entityRef: string;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  changedFiles: string[];
  conflicts: MergeConflict[];
}): { title: string; commitMessage: string; body: string } {
  const { templateRef, fromVersion, toVersion, changedFiles, conflicts } =
    upgrade;
  const title = `Upgrade to ${templateRef} version ${toVersion} (from ${fromVersion})`;
  const conflictLines = conflicts.map(c => `- ${c.path} (${c.reason})`);
  const commitMessage = conflicts.length
    ? `${title}\n\nConflicts to resolve:\n${conflictLines.join('\n')}`
    : title;
  // Paths are the template's or the project's: kept in code spans.
  const code = (path: string) => `\`${path.replace(/`/g, "'")}\``;
  const body = [
    `Upgrades ${upgrade.entityRef} from ${templateRef} version ${fromVersion} to version ${toVersion}: the template's new rendering, three-way-merged with the project's changes (the version ${fromVersion} rendering as the base).`,
    '',
    `### Changed files (${changedFiles.length})`,
    '',
    ...changedFiles.map(path => `- ${code(path)}`),
    '',
    `### Conflicts (${conflicts.length})`,
    '',
    ...(conflicts.length
      ? [
          'Committed with conflict markers, or left as the project had them: resolve them before merging.',
          '',
          ...conflicts.map(c => `- ${code(c.path)}: ${c.reason}`),
        ]
      : ['None.']),
    '',
  ].join('\n');
  return { title, commitMessage, body };
}
