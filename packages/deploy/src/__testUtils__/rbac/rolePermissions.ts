import { ManifestDocument, describeDocument } from '../manifests/readManifests';
import { Permission } from './types';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** A Role or ClusterRole of the manifests, its rules spelled out. */
export interface GrantedRole {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  where: string;
  permissions: Permission[];
  /** Wildcards and other rules least privilege rules out, each described. */
  problems: string[];
}

/**
 * Every Role and ClusterRole among the documents, each rule expanded to one
 * permission per group, resource, verb (and resource name). A `*` anywhere,
 * non-resource URLs and aggregation are problems: the roles must list
 * exactly what is used.
 */
export function rolePermissions(docs: ManifestDocument[]): GrantedRole[] {
  return docs
    .filter(
      d =>
        d.object.apiVersion === 'rbac.authorization.k8s.io/v1' &&
        (d.object.kind === 'Role' || d.object.kind === 'ClusterRole'),
    )
    .map(doc => {
      const where = describeDocument(doc);
      const role: GrantedRole = {
        kind: doc.object.kind as GrantedRole['kind'],
        name: doc.object.metadata.name,
        namespace: doc.object.metadata.namespace,
        where,
        permissions: [],
        problems: [],
      };
      if (doc.object.aggregationRule) {
        role.problems.push(`${where} aggregates other roles`);
      }
      const rules = (doc.object.rules ?? []) as PolicyRule[];
      rules.forEach((rule, i) => {
        const lists = [
          rule.apiGroups,
          rule.resources,
          rule.verbs,
          rule.resourceNames,
        ];
        if (lists.some(list => list?.some(v => v.includes('*')))) {
          role.problems.push(`${where} rules[${i}] has a wildcard`);
        }
        if (rule.nonResourceURLs?.length) {
          role.problems.push(`${where} rules[${i}] grants non-resource URLs`);
        }
        const names = rule.resourceNames?.length
          ? rule.resourceNames
          : [undefined];
        for (const group of rule.apiGroups ?? [])
          for (const resource of rule.resources ?? [])
            for (const verb of rule.verbs ?? [])
              for (const resourceName of names) {
                role.permissions.push({ group, resource, verb, resourceName });
              }
      });
      return role;
    });
}
