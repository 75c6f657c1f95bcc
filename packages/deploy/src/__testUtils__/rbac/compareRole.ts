import { GrantedRole } from './rolePermissions';
import { permissionKey, Use } from './types';

/**
 * How a role differs from what the code uses: a line per permission the
 * code needs and the role lacks (with where it is used), and per permission
 * the role allows and no code uses. Empty when they match.
 */
export function compareRole(role: GrantedRole, uses: Use[]): string[] {
  const granted = new Set(role.permissions.map(permissionKey));
  const used = new Map<string, Use[]>();
  for (const use of uses) {
    const key = permissionKey(use.permission);
    used.set(key, [...(used.get(key) ?? []), use]);
  }
  const label = `${role.kind} ${role.name}`;
  const missing = [...used.entries()]
    .filter(([key]) => !granted.has(key))
    .map(
      ([key, list]) =>
        `${label} is missing ${key}, used by ${list
          .map(u => `${u.call} at ${u.at}`)
          .join('; ')}`,
    );
  const extra = [...granted]
    .filter(key => !used.has(key))
    .map(key => `${label} allows ${key}, which no code uses (${role.where})`);
  return [...missing.sort(), ...extra.sort()];
}
