import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Cost: FOCUS billing ingest, GPU-hour rate cards, allocation and roll-ups. */
  cost?: {
    /** Currency of Kubernetes GPU cost and of empty reports (ISO 4217); default `USD`. */
    currency?: string;

    /**
     * Group or user entity refs that may read every cost, manage every
     * budget, ingest files and export Kubernetes GPU cost; default none.
     */
    admins?: string[];

    /** Billing file ingest. */
    ingest?: {
      /** Folders scanned for FOCUS files (`.csv`, `.csv.gz`), relative to the backend's working directory; default none. */
      folders?: string[];
      /** How often the folders are scanned; default 10 minutes. */
      frequency?: HumanDuration | string;
      /** Share of rows (0–1) that may be invalid before a file is refused whole; default 0 (any invalid row refuses the file). */
      maxErrorRatio?: number;
      /** Largest CSV record in bytes; a larger one refuses the file; default 1048576 (1 MiB). */
      maxRecordBytes?: number;
      /** Largest upload in bytes (as sent, compressed or not); a larger one is answered 413 while it streams; default 536870912 (512 MiB). */
      maxUploadBytes?: number;
      /** Most bytes a gzip file (uploaded or scanned) may inflate to per compressed byte; past it the file is refused (413 for an upload); default 100. */
      maxGzipRatio?: number;
      /**
       * How files are read: `javascript` (each row parsed in the backend, line
       * items stored in the database) or `duckdb` (DuckDB reads, validates,
       * allocates and sums the file; line items go to a Parquet file per
       * ingest under `lineItemsDirectory`, roll-ups to the database; a file
       * with a row DuckDB cannot vouch for is read by the JavaScript path).
       * Default `duckdb`.
       */
      engine?: 'javascript' | 'duckdb';
      /**
       * Folder of the DuckDB ingest's Parquet line-item files, relative to the
       * backend's working directory; default `.data/cost/line-items`. Every
       * replica must see the same folder (a shared volume), and only one
       * database's backends may use it (its clean-up removes files that
       * database does not refer to).
       */
      lineItemsDirectory?: string;
      /**
       * DuckDB's memory limit for one ingest in MiB, at least 64; default 128.
       * Past it DuckDB spills to `<lineItemsDirectory>/work`; an ingest that
       * cannot spill within it fails naming this key.
       */
      duckdbMemoryLimitMiB?: number;
    };

    /** How billing line items are allocated to entities and teams. */
    allocation?: {
      /** FOCUS `Tags` key holding an entity ref (kind defaults to component); default `backstage.io/entity-ref`. */
      entityTagKey?: string;
      /** FOCUS `Tags` key holding the team (group ref or name); default `ai-platform.io/team`. */
      teamTagKey?: string;
      /** FOCUS `Tags` key holding the cost centre; default `ai-platform.io/cost-center`. */
      costCenterTagKey?: string;
      /** FOCUS `Tags` key holding a GPU class, for cloud GPU cost; default `ai-platform.io/gpu-class`. */
      gpuClassTagKey?: string;
      /** Teams of sub-accounts, used when a line item's tags name no team or owned entity; default none. */
      subAccountTeams?: Array<{
        /** FOCUS `SubAccountId`. */
        subAccountId: string;
        /** Group ref or name of the team. */
        team: string;
      }>;
    };

    /** Kubernetes GPU cost from grants and utilisation. */
    gpu?: {
      /**
       * The rate card inline (see `schema/rate-card.schema.json`); without a
       * rate card (here or in `rateCardFile`), GPU cost is not computed.
       */
      rateCard?: {
        /** Currency of the rates (ISO 4217). */
        currency: string;
        /** Rates per cluster (or `*`), GPU class and MIG profile, with effective dates. */
        rates: Array<{
          /** Cluster name or `*`. */
          cluster: string;
          /** GPU class id, e.g. `h100`. */
          gpuClass: string;
          /**
           * MIG profile, e.g. `1g.10gb`; absent for whole GPUs. Rarely needed:
           * a profile is priced as its compute-slice share of the GPU's rate,
           * and a rate given here must equal that share.
           */
          migProfile?: string;
          /** Price of one GPU-hour or MIG instance-hour. */
          hourlyRate: number;
          /** First day the rate applies (YYYY-MM-DD). */
          effectiveFrom: string;
          /** First day it no longer applies (YYYY-MM-DD); open-ended when absent. */
          effectiveTo?: string;
        }>;
      };
      /** Path of a rate card JSON file, used when `rateCard` is not set; default none. */
      rateCardFile?: string;
      /** How often GPU cost is recomputed; default 1 hour. */
      frequency?: HumanDuration | string;
      /** Days recomputed on each run, ending today; default 7. */
      lookbackDays?: number;
    };

    /** Serving economics and daily inference chargeback. */
    serving?: {
      /**
       * How often completed days of the last 30 without stored chargeback
       * splits are computed; default 1 hour. Needs a rate card.
       */
      chargebackFrequency?: HumanDuration | string;
    };

    /** Budget checks. */
    budgets?: {
      /** How often forecasts are compared with budgets; default 1 hour. */
      frequency?: HumanDuration | string;
    };
  };
}
