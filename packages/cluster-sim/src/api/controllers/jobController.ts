import { randomBytes } from 'node:crypto';
import { ApiError } from '../ApiError';
import { KubernetesApi } from '../KubernetesApi';
import { clone } from '../patch';
import { findResourceByKind } from '../resources';
import { KubeObject } from '../types';
import { jobPodLabels } from '../defaults';
import { Reconciler } from './Reconciler';
import { recordEvent } from './recordEvent';

type Obj = Record<string, any>;

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The Job controller: keeps `parallelism` pods running until `completions`
 * succeed, leaves suspended Jobs alone (Kueue admits them by unsuspending),
 * and keeps the Job's status counts and conditions current. Pod creation goes
 * through admission, so a Job over quota gets `FailedCreate` events, as in a
 * real cluster.
 */
export function startJobController(api: KubernetesApi): () => void {
  const jobs = findResourceByKind('batch/v1', 'Job')!;
  const pods = findResourceByKind('v1', 'Pod')!;
  const failedCreates = new Map<string, string>();

  const reconciler = new Reconciler('job', key => {
    const [namespace, name] = key.split('/');
    const job = api.store.get(jobs, namespace, name);
    if (!job) return;
    const spec = job.spec as Obj;
    const owned = api.store
      .list(pods, namespace)
      .filter(p =>
        p.metadata.ownerReferences?.some(r => r.uid === job.metadata.uid),
      );
    const phase = (p: KubeObject) => (p.status as Obj)?.phase;
    const succeeded = owned.filter(p => phase(p) === 'Succeeded').length;
    const failed = owned.filter(p => phase(p) === 'Failed').length;
    const active = owned.filter(
      p => phase(p) !== 'Succeeded' && phase(p) !== 'Failed',
    );
    const completions = spec.completions ?? 1;
    const complete = succeeded >= completions;

    if (!spec.suspend && !complete) {
      const wanted =
        Math.min(spec.parallelism ?? 1, completions - succeeded) -
        active.length;
      for (let i = 0; i < wanted; i++) {
        const template = clone(spec.template ?? {}) as Obj;
        const podName = `${job.metadata.name}-${randomBytes(3)
          .toString('hex')
          .slice(0, 5)}`;
        try {
          const created = api.create(
            pods,
            'v1',
            namespace,
            {
              metadata: {
                ...(template.metadata ?? {}),
                name: podName,
                labels: {
                  ...(template.metadata?.labels ?? {}),
                  ...jobPodLabels(job),
                },
                ownerReferences: [
                  {
                    apiVersion: 'batch/v1',
                    kind: 'Job',
                    name: job.metadata.name,
                    uid: job.metadata.uid!,
                    controller: true,
                    blockOwnerDeletion: true,
                  },
                ],
              },
              spec: template.spec ?? {},
            },
            { fieldManager: 'kube-controller-manager' },
          );
          active.push(created);
          failedCreates.delete(key);
          recordEvent(api, {
            object: job,
            type: 'Normal',
            reason: 'SuccessfulCreate',
            message: `Created pod: ${podName}`,
            component: 'job-controller',
          });
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          const message = `Error creating: ${error.message}`;
          if (failedCreates.get(key) !== message) {
            failedCreates.set(key, message);
            recordEvent(api, {
              object: job,
              type: 'Warning',
              reason: 'FailedCreate',
              message,
              component: 'job-controller',
            });
          }
          break;
        }
      }
    }
    if (spec.suspend) {
      for (const pod of active)
        api.delete(pods, 'v1', namespace, pod.metadata.name);
      active.length = 0;
    }

    const previous = (job.status ?? {}) as Obj;
    const status: Obj = {
      ...(previous.startTime || spec.suspend ? {} : { startTime: timestamp() }),
      ...previous,
      active: active.length || undefined,
      ready: active.filter(p => phase(p) === 'Running').length,
      succeeded: succeeded || undefined,
      failed: failed || undefined,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (spec.suspend) {
      status.conditions = [
        {
          type: 'Suspended',
          status: 'True',
          reason: 'JobSuspended',
          message: 'Job suspended',
          lastProbeTime: timestamp(),
          lastTransitionTime: timestamp(),
        },
      ];
    } else if (complete && !previous.completionTime) {
      const at = timestamp();
      status.completionTime = at;
      status.conditions = [
        {
          type: 'SuccessCriteriaMet',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
          lastProbeTime: at,
          lastTransitionTime: at,
        },
        {
          type: 'Complete',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
          lastProbeTime: at,
          lastTransitionTime: at,
        },
      ];
      recordEvent(api, {
        object: job,
        type: 'Normal',
        reason: 'Completed',
        message: 'Job completed',
        component: 'job-controller',
      });
    } else if (
      !spec.suspend &&
      previous.conditions?.some((c: Obj) => c.type === 'Suspended')
    ) {
      status.conditions = undefined;
    }
    for (const k of Object.keys(status))
      if (status[k] === undefined) delete status[k];
    job.status = status;
    api.controllerUpdateStatus(jobs, job);
  });

  const stopJobs = api.store.watch(jobs, undefined, event => {
    if (event.type !== 'DELETED') {
      reconciler.enqueue(
        `${event.object.metadata.namespace}/${event.object.metadata.name}`,
      );
    }
  });
  const stopPods = api.store.watch(pods, undefined, event => {
    const owner = event.object.metadata.ownerReferences?.find(
      r => r.kind === 'Job',
    );
    if (owner)
      reconciler.enqueue(`${event.object.metadata.namespace}/${owner.name}`);
  });
  // Retry Jobs that could not create pods when quota frees up.
  const quotas = findResourceByKind('v1', 'ResourceQuota')!;
  const stopQuotas = api.store.watch(quotas, undefined, event => {
    for (const key of failedCreates.keys()) {
      if (key.startsWith(`${event.object.metadata.namespace}/`))
        reconciler.enqueue(key);
    }
  });
  for (const job of api.store.list(jobs))
    reconciler.enqueue(`${job.metadata.namespace}/${job.metadata.name}`);
  return () => {
    reconciler.stop();
    stopJobs();
    stopPods();
    stopQuotas();
  };
}
