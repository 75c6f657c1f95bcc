/** One thing RBAC allows: a verb on a resource of an API group. */
export interface Permission {
  /** API group, `''` for the core group. */
  group: string;
  /** Resource as RBAC names it: `pods`, `pods/log`. */
  resource: string;
  verb: string;
  /** Only this object (`resourceNames`), or any when absent. */
  resourceName?: string;
}

/** A permission the code needs, and where. */
export interface Use {
  permission: Permission;
  /** File and line, relative to the repository. */
  at: string;
  /** What needs it: the client call or the reason. */
  call: string;
}

/** `group/resource:verb[@name]`, `core` for the core group; compares permissions. */
export function permissionKey(p: Permission): string {
  return `${p.group || 'core'}/${p.resource}:${p.verb}${
    p.resourceName ? `@${p.resourceName}` : ''
  }`;
}
