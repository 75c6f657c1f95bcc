import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { scaffolderTemplateRouteRef } from '../routes';
import { UPGRADE_TEMPLATE_REF } from './templateProvenance';

/**
 * The link that opens the upgrade template with the project filled in, or
 * undefined when the app has no scaffolder route bound. The scaffolder reads
 * a template's initial values from the `formData` query parameter (JSON),
 * as Backstage documents for prefilled templates.
 */
export function useUpgradeLink(): ((entityRef: string) => string) | undefined {
  const templateRoute = useRouteRef(scaffolderTemplateRouteRef);
  if (!templateRoute) return undefined;
  const { namespace, name } = parseEntityRef(UPGRADE_TEMPLATE_REF);
  const path = templateRoute({ namespace, templateName: name });
  return entityRef =>
    `${path}?${new URLSearchParams({
      formData: JSON.stringify({ entityRef }),
    })}`;
}
