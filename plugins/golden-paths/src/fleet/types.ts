import { TemplateVersionStatus } from '../provenance/templateVersionStatus';

/** Where a project's latest upgrade stands, from the upgrade template's scaffolder tasks. */
export type UpgradeState =
  /** The upgrade task is queued or running. */
  | 'running'
  /** The upgrade branch was committed and the project is still behind: it waits for review. */
  | 'awaiting-review'
  | 'failed'
  | 'cancelled';

/** The latest upgrade task of a project. */
export type ProjectUpgrade = {
  taskId: string;
  state: UpgradeState;
  createdAt: string;
};

/** One project made from a suite template. */
export type FleetProject = {
  entityRef: string;
  /** The title to show: metadata.title, else the name. */
  title: string;
  /** Owner entity refs (ownedBy relations, else spec.owner). */
  owners: string[];
  /** The recorded version, if any. */
  version?: string;
  status: TemplateVersionStatus;
  /** The latest upgrade that is still open, when the tasks were readable. */
  upgrade?: ProjectUpgrade;
};

/** Projects per version of a template, for the stacked bar. */
export type VersionCount = {
  /** The recorded version; `unrecorded` when the project has none. */
  version: string;
  count: number;
  current: boolean;
};

/** One template with the projects made from it. */
export type FleetTemplate = {
  /** The template's ref, normalised (lower case). */
  templateRef: string;
  name: string;
  title: string;
  /** Undefined when the template carries no version or is not in the catalog. */
  currentVersion?: string;
  /** False for templates projects name but the catalog no longer has. */
  inCatalog: boolean;
  projects: FleetProject[];
  versions: VersionCount[];
  behind: number;
  openUpgrades: number;
};
