import { Entity } from '@backstage/catalog-model';
import { templateVersionOf } from './templateProvenance';

/**
 * Where a project stands against its template. Versions are opaque strings
 * (templates/README.md: bumped on every change of what a project gets, never
 * reused), so any difference from the template's current version means the
 * project has an upgrade to take; there is no "ahead".
 */
export type TemplateVersionStatus =
  | { kind: 'up-to-date'; version: string }
  | { kind: 'behind'; from?: string; to: string }
  | { kind: 'template-missing' }
  | { kind: 'template-unversioned' };

/** Compares a project's recorded version with its Template (undefined: not in the catalog). */
export function templateVersionStatus(
  projectVersion: string | undefined,
  template: Entity | undefined,
): TemplateVersionStatus {
  if (!template) return { kind: 'template-missing' };
  const current = templateVersionOf(template);
  if (!current) return { kind: 'template-unversioned' };
  if (projectVersion === current) {
    return { kind: 'up-to-date', version: current };
  }
  return { kind: 'behind', from: projectVersion, to: current };
}
