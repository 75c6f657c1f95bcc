import { HumanDuration } from '@backstage/types';

export interface Config {
  /** GPU provisioning: self-service GPU requests granted as quota on Kubernetes. */
  gpuProvisioning?: {
    /**
     * How grants land on clusters not listed in `clusters`: a ResourceQuota
     * per grant namespace (`resourcequota`, the default), a Kueue LocalQueue
     * bound to the team's ClusterQueue (`kueue`), or a grant queue of KAI
     * Scheduler (`kai`) or Volcano (`volcano`) beside the ResourceQuota.
     */
    mode?: 'resourcequota' | 'kueue' | 'kai' | 'volcano';

    /** Settings per cluster, by the cluster's name in the `kubernetes` config. */
    clusters?: {
      [cluster: string]: {
        /** The scheduler of the cluster's workloads. Default: `mode`. */
        scheduler?: 'resourcequota' | 'kueue' | 'kai' | 'volcano';
      };
    };

    /**
     * GPU classes, matched to nodes by NVIDIA GPU Feature Discovery's
     * `nvidia.com/gpu.product` label. Clusters come from the `kubernetes`
     * config (`kubernetes.clusterLocatorMethods` of type `config`).
     */
    gpuClasses: Array<{
      /** Id used in requests and quotas, e.g. `h100`. */
      id: string;
      /** Name shown in the portal, e.g. `NVIDIA H100 80GB`. */
      displayName: string;
      /** Value of the node label `nvidia.com/gpu.product`, e.g. `NVIDIA-H100-80GB-HBM3`. */
      productLabel: string;
      /** Framebuffer per GPU in MiB. */
      memoryMiB: number;
      /** Price of one GPU-hour, in the portal's currency, for estimates. */
      hourlyRate: number;
      /** MIG profiles this class can be requested in; none by default. */
      migProfiles?: Array<{
        /** Profile name, e.g. `1g.10gb`; the resource is `nvidia.com/mig-<name>`. */
        name: string;
        /** Framebuffer per instance in MiB. */
        memoryMiB: number;
        /** Price of one instance-hour. */
        hourlyRate: number;
      }>;
    }>;

    /** Limits that every request is checked against. */
    policy?: {
      /** Longest grant in hours, extensions included. Default 720 (30 days). */
      maxDurationHours?: number;
      /** Requests of more GPU-hours than this wait for an approver. Default 200. */
      approvalThresholdGpuHours?: number;
      /**
       * GPUs (or MIG instances) each team may hold at once, by quota key: a
       * class id (`h100`) or a class and MIG profile (`h100/1g.10gb`). Keys
       * not listed have a quota of 0. Default: none.
       */
      defaultQuota?: { [quotaKey: string]: number };
      /** Per-team quotas that replace the default for the keys they list. */
      teamQuotas?: Array<{
        /** Group entity ref, e.g. `group:default/ml-platform`; compared case-insensitively, a bare name is a Group in `default`. */
        team: string;
        quota: { [quotaKey: string]: number };
      }>;
      /**
       * Data classifications each cluster may hold, by cluster name. A cluster
       * not listed may hold `public` and `internal` data only.
       */
      clusterDataClassifications?: {
        [cluster: string]: Array<
          'public' | 'internal' | 'confidential' | 'restricted'
        >;
      };
    };

    /** Group entity refs (compared case-insensitively) whose members approve large requests. Default: none, so nothing over the threshold can be approved. */
    approvers?: string[];

    /** What a grant's namespace gets on the cluster. */
    namespaces?: {
      /**
       * Name of the Kubernetes group bound to the team's namespace, with
       * `{team}` replaced by the team's name. Default `{team}`.
       */
      groupNameTemplate?: string;
      /** ClusterRole bound to that group. Default `edit`. */
      clusterRole?: string;
      /** Pod Security Standard enforced in grant namespaces. Default `restricted`. */
      podSecurity?: 'privileged' | 'baseline' | 'restricted';
    };

    /**
     * KAI Scheduler clusters only. Each grant gets a leaf `Queue`
     * (`scheduling.run.ai/v2`) named like its namespace; MIG requests are
     * refused on these clusters (KAI counts whole GPUs).
     */
    kai?: {
      /** The team's queue, parent of its grants' queues, with `{team}` replaced by the team's name. Default `{team}`. */
      parentQueueTemplate?: string;
      /** CPU quota and limit of a grant queue in cores (written as KAI's millicpus). Default -1 (unlimited). */
      cpu?: number;
      /** Memory quota and limit of a grant queue in megabytes (10^6 bytes), as KAI counts. Default -1 (unlimited). */
      memoryMegabytes?: number;
    };

    /** Volcano clusters only. Each grant gets a `Queue` (`scheduling.volcano.sh/v1beta1`) named like its namespace. */
    volcano?: {
      /** The team's queue, parent of its grants' queues (hierarchical queues), with `{team}` replaced by the team's name. Default: none (root). */
      parentQueueTemplate?: string;
    };

    /** Quota sharing between the teams of departments. */
    sharing?: {
      /**
       * Departments whose teams share idle GPU quota, whatever the cluster's
       * scheduler. The portal then owns those teams' queues: on Kueue
       * clusters a ClusterQueue per team in the department's cohort (nominal
       * quota the team's quota per class and per MIG profile); on KAI
       * Scheduler clusters a department Queue and under it a Queue per team
       * (`gpu` quota the team's quota, `limit` quota plus borrowing limit,
       * -1 when unlimited); on Volcano clusters the same as hierarchical Queues
       * (`guarantee`/`deserved` the quota, `capability` quota plus borrowing
       * limit, `reclaimable` unless `reclaimWithinCohort` is `Never`). KAI
       * and Volcano count GPUs of every class together, so a team's queue
       * there sums its classes; `lendingLimit` is Kueue's only. Default:
       * none, the platform team applies the queues.
       */
      departments?: Array<{
        /** The department's group ref; every group below it is a team of its cohort, named after it. */
        department: string;
        /** What borrowed GPUs face when their owner needs them back: `Never`, `LowerPriority` or `Any` (Kueue's `reclaimWithinCohort`). Default `Any`. */
        reclaimWithinCohort?: 'Never' | 'LowerPriority' | 'Any';
        /** GPUs per class a team may use above its nominal quota, by quota key (`h100`; on Kueue clusters also MIG instances, `h100/1g.10gb`). Default: no limit. */
        borrowingLimit?: { [quotaKey: string]: number };
        /** GPUs per class of a team's nominal quota others may borrow (at most the nominal quota), by quota key as `borrowingLimit`. Default: all of it. */
        lendingLimit?: { [quotaKey: string]: number };
        /** Limits of single teams, over the cohort's. Default: none. */
        teams?: Array<{
          /** The team's group ref. */
          team: string;
          /** As the cohort's `borrowingLimit`, for this team. Default: the cohort's. */
          borrowingLimit?: { [gpuClass: string]: number };
          /** As the cohort's `lendingLimit`, for this team. Default: the cohort's. */
          lendingLimit?: { [gpuClass: string]: number };
        }>;
      }>;
    };

    /** Kueue clusters only. */
    kueue?: {
      /** The team's ClusterQueue, with `{team}` replaced by the team's name. Default `{team}`. */
      clusterQueueTemplate?: string;
      /** ResourceFlavor of each GPU class id. Default: the class id. */
      flavors?: { [gpuClass: string]: string };
      /**
       * The former name of `gpuProvisioning.sharing.departments`, read as
       * the same thing (setting both fails start-up). Default: none.
       */
      cohorts?: Array<{
        /** The department's group ref; every group below it is a team of its cohort, named after it. */
        department: string;
        /** What borrowed GPUs face when their owner needs them back: `Never`, `LowerPriority` or `Any` (Kueue's `reclaimWithinCohort`). Default `Any`. */
        reclaimWithinCohort?: 'Never' | 'LowerPriority' | 'Any';
        /** GPUs per class a team may use above its nominal quota, by quota key (`h100`; on Kueue clusters also MIG instances, `h100/1g.10gb`). Default: no limit. */
        borrowingLimit?: { [quotaKey: string]: number };
        /** GPUs per class of a team's nominal quota others may borrow (at most the nominal quota), by quota key as `borrowingLimit`. Default: all of it. */
        lendingLimit?: { [quotaKey: string]: number };
        /** Limits of single teams, over the cohort's. Default: none. */
        teams?: Array<{
          /** The team's group ref. */
          team: string;
          /** As the cohort's `borrowingLimit`, for this team. Default: the cohort's. */
          borrowingLimit?: { [gpuClass: string]: number };
          /** As the cohort's `lendingLimit`, for this team. Default: the cohort's. */
          lendingLimit?: { [gpuClass: string]: number };
        }>;
      }>;
    };

    /**
     * Check every response against the OpenAPI contract, answering 500 on a
     * mismatch. Default: on unless NODE_ENV is `production`, so contract
     * drift fails loudly in development and tests; it costs CPU per answer.
     */
    validateResponses?: boolean;

    /** The lifecycle loop: expiry, warnings, drift and retries. */
    lifecycle?: {
      /** How often the loop runs. Default 1 minute. */
      frequency?: HumanDuration | string;
      /** How long before expiry the owners are warned, at most half the grant's time. Default 24 hours. */
      warnBefore?: HumanDuration | string;
      /** How long before a reserved window starts its owners are told (once). Default 1 hour. */
      startWarnBefore?: HumanDuration | string;
      /** Provisioning attempts before a grant is marked failed. Default 5. */
      maxAttempts?: number;
    };

    /**
     * The idle-grant policy, run by the lifecycle loop: an active grant whose
     * GPUs (per gpu-metrics' namespace usage) have been idle longer than
     * `idleHours` is warned once; still idle `graceHours` after the warning,
     * and not kept by its owners, it is released.
     */
    idlePolicy?: {
      /** Whether the loop runs the policy. Default false. */
      enabled?: boolean;
      /** Only log what the policy would do; warn and release nothing. Default true. */
      dryRun?: boolean;
      /** Hours without a busy GPU after which a grant is warned (above 0, at most 2160). Default 24. */
      idleHours?: number;
      /** Hours after the warning before a still-idle grant is released (above 0, at most 2160). Default 24. */
      graceHours?: number;
    };
  };
}
