import { randomBytes } from 'node:crypto';
import { KubernetesApi } from '../KubernetesApi';
import { findResourceByKind } from '../resources';
import { KubeObject } from '../types';

/** Records a core/v1 Event about an object, as controllers do. */
export function recordEvent(
  api: KubernetesApi,
  options: {
    object: KubeObject;
    type: 'Normal' | 'Warning';
    reason: string;
    message: string;
    component: string;
  },
): void {
  const events = findResourceByKind('v1', 'Event')!;
  const namespace = options.object.metadata.namespace ?? 'default';
  const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  try {
    api.create(events, 'v1', namespace, {
      metadata: {
        name: `${options.object.metadata.name}.${randomBytes(8).toString(
          'hex',
        )}`,
        namespace,
      },
      involvedObject: {
        apiVersion: options.object.apiVersion,
        kind: options.object.kind,
        name: options.object.metadata.name,
        namespace: options.object.metadata.namespace,
        uid: options.object.metadata.uid,
        resourceVersion: options.object.metadata.resourceVersion,
      },
      reason: options.reason,
      message: options.message,
      type: options.type,
      source: { component: options.component },
      reportingComponent: options.component,
      reportingInstance: options.component,
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
    });
  } catch {
    // An event that cannot be recorded (namespace going away) is dropped, as in Kubernetes.
  }
}
