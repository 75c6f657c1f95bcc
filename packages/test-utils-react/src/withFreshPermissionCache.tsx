import { ReactElement } from 'react';
import { SWRConfig } from 'swr';

/**
 * `usePermission` keeps answers in SWR's module-wide cache, so a test would
 * see the answer an earlier test's permission API gave. Each render gets its
 * own cache.
 */
export function withFreshPermissionCache(element: ReactElement) {
  return <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>;
}
