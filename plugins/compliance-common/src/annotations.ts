import { AI_PLATFORM_ANNOTATIONS } from '@ai-platform/plugin-ai-platform-common';

/** Data classification of an entity: public, internal, confidential or restricted. @public */
export const DATA_CLASSIFICATION_ANNOTATION =
  AI_PLATFORM_ANNOTATIONS.dataClassification;

/** Where TechDocs finds an entity's documentation. @public */
export const TECHDOCS_ANNOTATION = 'backstage.io/techdocs-ref';

/** Annotations that name an on-call rotation (PagerDuty, Opsgenie). @public */
export const ON_CALL_ANNOTATIONS = [
  'pagerduty.com/integration-key',
  'pagerduty.com/service-id',
  'opsgenie.com/team',
  'opsgenie.com/component-selector',
];

/** The Kubernetes plugin's annotations that map an entity to its workloads. @public */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** The Kubernetes plugin's annotation that names an entity's namespace. @public */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** The data classifications, least to most sensitive. @public */
export const DATA_CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;
