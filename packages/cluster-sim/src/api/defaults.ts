/**
 * The defaulting a real apiserver applies on create, for the fields clients
 * and controllers read back (phase, policies, job parallelism).
 */
import { KubeObject } from './types';

type Obj = Record<string, any>;

function defaultPodSpec(spec: Obj) {
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  for (const container of [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
  ]) {
    const image: string = container.image ?? '';
    container.imagePullPolicy ??=
      image.endsWith(':latest') || !image.includes(':')
        ? 'Always'
        : 'IfNotPresent';
    container.terminationMessagePath ??= '/dev/termination-log';
    container.terminationMessagePolicy ??= 'File';
    container.resources ??= {};
    // Extended resources (GPUs) given only as limits are requested at the limit.
    const limits: Obj = container.resources.limits ?? {};
    for (const [name, value] of Object.entries(limits)) {
      if (name.includes('/') || name === 'cpu' || name === 'memory') {
        container.resources.requests ??= {};
        container.resources.requests[name] ??= value;
      }
    }
  }
}

/** Fills in what the apiserver defaults for the object's kind. */
export function applyDefaults(obj: KubeObject): void {
  const o = obj as Obj;
  switch (obj.kind) {
    case 'Namespace':
      obj.metadata.labels = {
        ...obj.metadata.labels,
        'kubernetes.io/metadata.name': obj.metadata.name,
      };
      o.spec ??= {};
      o.spec.finalizers ??= ['kubernetes'];
      o.status ??= { phase: 'Active' };
      break;
    case 'Pod':
      o.spec ??= {};
      defaultPodSpec(o.spec);
      o.spec.serviceAccountName ??= 'default';
      o.status ??= { phase: 'Pending', qosClass: 'BestEffort' };
      break;
    case 'Job':
      o.spec ??= {};
      o.spec.parallelism ??= 1;
      o.spec.completions ??= o.spec.parallelism;
      o.spec.backoffLimit ??= 6;
      o.spec.completionMode ??= 'NonIndexed';
      o.spec.suspend ??= false;
      o.spec.template ??= {};
      o.spec.template.spec ??= {};
      defaultPodSpec(o.spec.template.spec);
      break;
    case 'ResourceQuota':
      o.spec ??= {};
      break;
    default:
      break;
  }
}

/** The labels the Job controller gives its pods, keyed to the Job's uid. */
export function jobPodLabels(job: KubeObject): Record<string, string> {
  return {
    'batch.kubernetes.io/controller-uid': job.metadata.uid!,
    'batch.kubernetes.io/job-name': job.metadata.name,
    'controller-uid': job.metadata.uid!,
    'job-name': job.metadata.name,
  };
}

/** Defaulting that needs the new object's uid: a Job's selector and template labels. */
export function applyIdentityDefaults(obj: KubeObject): void {
  if (obj.kind !== 'Job') return;
  const spec = (obj as Obj).spec;
  if (spec.manualSelector) return;
  spec.selector = {
    matchLabels: { 'batch.kubernetes.io/controller-uid': obj.metadata.uid },
  };
  spec.template.metadata ??= {};
  spec.template.metadata.labels = {
    ...(spec.template.metadata.labels ?? {}),
    ...jobPodLabels(obj),
  };
}
