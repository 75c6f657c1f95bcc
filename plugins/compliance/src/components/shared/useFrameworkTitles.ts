import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { complianceApiRef } from '../../api';

/** The frameworks' titles by id, once loaded. */
export function useFrameworkTitles(): Record<string, string> {
  const api = useApi(complianceApiRef);
  const { value } = useAsync(() => api.getFrameworks(), [api]);
  return Object.fromEntries(
    (value?.frameworks ?? []).map(f => [f.id, f.title]),
  );
}
