import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { entityRefKey } from './entityRefKey';
import {
  readTemplateProvenance,
  templateVersionOf,
} from '../provenance/templateProvenance';
import { templateVersionStatus } from '../provenance/templateVersionStatus';
import {
  FleetProject,
  FleetTemplate,
  ProjectUpgrade,
  VersionCount,
} from './types';

/** The bar segment of projects that recorded no version. */
export const UNRECORDED_VERSION = 'unrecorded';

/** The owners of an entity: its ownedBy relations, else its spec.owner. */
export function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef.toLowerCase());
  if (related.length > 0) return [...new Set(related)];
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return [];
  const key = entityRefKey(owner, {
    defaultKind: 'group',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
  return key ? [key] : [];
}

/**
 * The fleet of projects made from suite templates: per template (those in
 * the catalog first, then those projects name but the catalog no longer
 * has), its projects with their version and upgrade, and how many projects
 * are on each version. Projects whose template ref is malformed are left
 * out here; the entity card explains them.
 */
export function buildFleet(options: {
  templates: Entity[];
  projects: Entity[];
  /** Latest upgrade per project (entityRefKey); undefined when tasks were not readable. */
  upgrades?: Map<string, ProjectUpgrade>;
}): FleetTemplate[] {
  const byRef = new Map<string, FleetTemplate>();
  const templatesByRef = new Map<string, Entity>();
  for (const template of options.templates) {
    const templateRef = stringifyEntityRef(template).toLowerCase();
    templatesByRef.set(templateRef, template);
    byRef.set(templateRef, {
      templateRef,
      name: template.metadata.name,
      title: template.metadata.title ?? template.metadata.name,
      currentVersion: templateVersionOf(template),
      inCatalog: true,
      projects: [],
      versions: [],
      behind: 0,
      openUpgrades: 0,
    });
  }
  for (const project of options.projects) {
    const provenance = readTemplateProvenance(project);
    if (provenance?.kind !== 'recorded') continue;
    let fleetTemplate = byRef.get(provenance.templateRef);
    if (!fleetTemplate) {
      const { name } = parseEntityRef(provenance.templateRef);
      fleetTemplate = {
        templateRef: provenance.templateRef,
        name,
        title: name,
        inCatalog: false,
        projects: [],
        versions: [],
        behind: 0,
        openUpgrades: 0,
      };
      byRef.set(provenance.templateRef, fleetTemplate);
    }
    const entityRef = stringifyEntityRef(project);
    const status = templateVersionStatus(
      provenance.version,
      templatesByRef.get(provenance.templateRef),
    );
    const upgrade = options.upgrades?.get(entityRef.toLowerCase());
    const fleetProject: FleetProject = {
      entityRef,
      title: project.metadata.title ?? project.metadata.name,
      owners: ownersOf(project),
      version: provenance.version,
      status,
      // A completed upgrade of a project that is no longer behind was merged.
      upgrade:
        upgrade &&
        !(upgrade.state === 'awaiting-review' && status.kind !== 'behind')
          ? upgrade
          : undefined,
    };
    fleetTemplate.projects.push(fleetProject);
  }
  const result = [...byRef.values()];
  for (const t of result) {
    t.projects.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    t.behind = t.projects.filter(p => p.status.kind === 'behind').length;
    t.openUpgrades = t.projects.filter(
      p =>
        p.upgrade?.state === 'running' ||
        p.upgrade?.state === 'awaiting-review',
    ).length;
    t.versions = versionCounts(t.projects, t.currentVersion);
  }
  return result.sort(
    (a, b) =>
      Number(b.inCatalog) - Number(a.inCatalog) ||
      a.templateRef.localeCompare(b.templateRef),
  );
}

/** Projects per recorded version, in numeric-aware order, the current one flagged. */
function versionCounts(
  projects: FleetProject[],
  currentVersion: string | undefined,
): VersionCount[] {
  const counts = new Map<string, number>();
  for (const p of projects) {
    const version = p.version ?? UNRECORDED_VERSION;
    counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([version, count]) => ({
      version,
      count,
      current: version === currentVersion,
    }));
}
