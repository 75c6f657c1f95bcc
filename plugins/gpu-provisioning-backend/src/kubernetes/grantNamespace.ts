import { namespaceName } from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantSpec } from '../types';

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The namespace of a grant: the one recorded on the request, or `namespaceName`'s. */
export function grantNamespace(request: GrantSpec['request']): string {
  const name =
    request.namespace ??
    namespaceName({
      team: request.team,
      entityRef: request.entityRef,
      requestId: request.id,
    });
  if (name.length > 63 || !RFC1123_LABEL.test(name)) {
    throw new Error(`Grant ${request.id} has an invalid namespace name`);
  }
  return name;
}
