/** A group and version; the core group is `''`. */
export interface GroupVersion {
  group: string;
  version: string;
}

/**
 * Splits an `apiVersion` into group and version: `v1` is the core group,
 * `batch/v1` is group `batch`.
 */
export function parseApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

/**
 * The group-version's key in the `/openapi/v3` index and its URL path:
 * `api/v1` for the core group, `apis/<group>/<version>` otherwise.
 */
export function groupVersionPath({ group, version }: GroupVersion): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}
