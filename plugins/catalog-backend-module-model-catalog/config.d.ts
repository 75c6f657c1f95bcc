import { HumanDuration } from '@backstage/types';

export interface Config {
  /** The model catalog: model registries and KServe clusters read into the catalog, and model cards. */
  modelCatalog?: {
    /** How often every source is read, unless it has its own schedule; default every 10 minutes with a 5 minute timeout. */
    schedule?: {
      /** Time between reads, as a HumanDuration or cron expression; default 10 minutes. */
      frequency: HumanDuration | string | { cron: string };
      /** Longest a read may take; default 5 minutes. */
      timeout: HumanDuration | string;
      /** Delay before the first read after start; default none. */
      initialDelay?: HumanDuration | string;
      /** Whether reads run on every replica or once across them; default `global`. */
      scope?: 'global' | 'local';
    };
    /** Owner of models and servers no rule finds an owner for; default `group:default/ml-platform`. */
    defaultOwner?: string;
    /** Catalog namespace of the entities the providers produce; default `default`. */
    namespace?: string;
    /** Model registries to read; default none. */
    registries?: Array<{
      /** `mlflow` (MLflow Model Registry REST API 2.0) or `kubeflow` (Kubeflow Model Registry REST API v1alpha3). */
      type: 'mlflow' | 'kubeflow';
      /** Unique lower-case id; the provider is `MlflowEntityProvider:<id>` or `KubeflowEntityProvider:<id>`. */
      id: string;
      /** Base URL of the tracking server or model registry, for example `http://mlflow:5000`. */
      baseUrl: string;
      /**
       * Bearer token sent to the registry; default none.
       * @visibility secret
       */
      token?: string;
      /** Display name of the registry on entity links; default `MLflow <id>` or `Kubeflow Model Registry <id>`. */
      title?: string;
      /** Owner of models without an `owner` tag; default `modelCatalog.defaultOwner`. */
      owner?: string;
      /** Catalog namespace of this registry's models; default `modelCatalog.namespace`. */
      namespace?: string;
      /** This registry's schedule; default `modelCatalog.schedule`. */
      schedule?: {
        /** Time between reads; no default. */
        frequency: HumanDuration | string | { cron: string };
        /** Longest a read may take; no default. */
        timeout: HumanDuration | string;
        /** Delay before the first read; default none. */
        initialDelay?: HumanDuration | string;
        /** `global` or `local`; default `global`. */
        scope?: 'global' | 'local';
      };
    }>;
    /** KServe InferenceServices and LLMInferenceServices on the clusters of `kubernetes.clusterLocatorMethods` (type `config`, with `serviceAccountToken`). */
    kserve?: {
      /** Whether to read them; default false. */
      enabled?: boolean;
      /** Names of the clusters to read; default every readable cluster. */
      clusters?: string[];
      /** Owner of servers whose namespace has no owner; default `modelCatalog.defaultOwner`. */
      owner?: string;
      /** Catalog namespace of the server entities; default `modelCatalog.namespace`. */
      namespace?: string;
      /** Schedule of the KServe reads; default `modelCatalog.schedule`. */
      schedule?: {
        /** Time between reads; no default. */
        frequency: HumanDuration | string | { cron: string };
        /** Longest a read may take; no default. */
        timeout: HumanDuration | string;
        /** Delay before the first read; default none. */
        initialDelay?: HumanDuration | string;
        /** `global` or `local`; default `global`. */
        scope?: 'global' | 'local';
      };
    };
    /** Model cards (`ai-platform.io/model-card`). */
    modelCards?: {
      /** Directories (relative to the backend's working directory) local model cards of entities from `file` locations may be read from; default none. */
      localDirectories?: string[];
    };
    /** GPU classes `spec.model.fitsOn` is computed for; default `gpuProvisioning.gpuClasses`. */
    gpuClasses?: Array<{
      /** GPU class id. */
      id: string;
      /** Display name; default the id. */
      displayName?: string;
      /** Memory of one GPU in MiB. */
      memoryMiB: number;
    }>;
  };
  catalog?: {
    providers?: {
      /** The suite's API entities, each with the OpenAPI document its backend serves at `/openapi.json`; none when absent. */
      aiPlatformApis?: {
        /** Owner of the API entities, an entity ref (a group by default). */
        owner: string;
        /** System the APIs belong to; default none. */
        system?: string;
        /** `spec.lifecycle` of the entities; default `production`. */
        lifecycle?: string;
        /** Plugin ids whose documents to read; default gpu-provisioning, gpu-metrics, cost and compliance. */
        plugins?: string[];
        /** How often the documents are read; default every 10 minutes with a 1 minute timeout. */
        schedule?: {
          /** Time between reads; no default. */
          frequency: HumanDuration | string | { cron: string };
          /** Longest a read may take; no default. */
          timeout: HumanDuration | string;
          /** Delay before the first read; default none. */
          initialDelay?: HumanDuration | string;
          /** `global` or `local`; default `global`. */
          scope?: 'global' | 'local';
        };
      };
    };
  };
}
