import { DEFAULT_OBJECTS } from '@backstage/plugin-kubernetes-backend';
import { configAt, Json } from '../config/readMergedConfig';
import { Use } from './types';

const PLUGIN = '@backstage/plugin-kubernetes-backend';
/** Read-only verbs, as Backstage's Kubernetes plugin documentation grants them. */
const READ_VERBS = ['get', 'list', 'watch'];
/** The metrics API serves no watch. */
const METRICS_VERBS = ['get', 'list'];

/**
 * What Backstage's Kubernetes plugin reads with the portal's cluster
 * credential: the object types of `kubernetes.objectTypes` (its
 * DEFAULT_OBJECTS when unset; a configured type outside them, such as
 * secrets, is refused here), `kubernetes.customResources`, and pod metrics
 * (metrics.k8s.io) unless every cluster sets skipMetricsLookup.
 */
export function kubernetesPluginUses(config: Json): Use[] {
  const configured = configAt(config, 'kubernetes.objectTypes');
  const names = Array.isArray(configured)
    ? configured.map(String)
    : DEFAULT_OBJECTS.map(o => o.objectType);
  const uses: Use[] = [];
  const read = (
    group: string,
    resource: string,
    why: string,
    verbs = READ_VERBS,
  ) =>
    verbs.forEach(verb =>
      uses.push({
        permission: { group, resource, verb },
        at: PLUGIN,
        call: why,
      }),
    );
  for (const name of names) {
    const known = DEFAULT_OBJECTS.find(o => o.objectType === name);
    if (!known) {
      throw new Error(
        `kubernetes.objectTypes lists ${name}, not one of ${PLUGIN}'s default object types; grant it by hand if you must`,
      );
    }
    read(known.group, known.plural, `kubernetes.objectTypes ${name}`);
  }
  const custom = configAt(config, 'kubernetes.customResources');
  for (const c of Array.isArray(custom) ? custom : []) {
    const group = String(configAt(c, 'group'));
    const plural = String(configAt(c, 'plural'));
    read(group, plural, `kubernetes.customResources ${group}/${plural}`);
  }
  const methods = configAt(config, 'kubernetes.clusterLocatorMethods');
  const clusters = (Array.isArray(methods) ? methods : []).flatMap(m => {
    const list = configAt(m, 'clusters');
    return Array.isArray(list) ? list : [];
  });
  if (clusters.some(c => configAt(c, 'skipMetricsLookup') !== true)) {
    read(
      'metrics.k8s.io',
      'pods',
      'pod metrics of the Kubernetes tab',
      METRICS_VERBS,
    );
  }
  return uses;
}
