import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';

/** Where the page is mounted when the app has not bound its route. */
const FALLBACK_PATH = '/gpu';

/** The page's tabs, as paths below the page. */
export type GpuPageTab = 'capacity' | 'request' | 'requests' | 'approvals';

/**
 * Builds links to the GPU provisioning page and its tabs, with query
 * parameters (those without a value are left out).
 */
export function useGpuPageLink(): (
  tab?: GpuPageTab,
  query?: Record<string, string | undefined>,
) => string {
  let base = FALLBACK_PATH;
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    base = useRouteRef(rootRouteRef)();
  } catch {
    // Not mounted (e.g. only the entity card is installed): use the default path.
  }
  return (tab, query) => {
    const path = tab ? `${base.replace(/\/$/, '')}/${tab}` : base;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value) params.set(key, value);
    }
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  };
}
