import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Compliance scorecards (`@ai-platform/plugin-compliance-backend`). */
  compliance?: {
    /** Group entity refs whose members (or user entity refs who) may grant and revoke waivers and start evaluations; default none. */
    approvers?: string[];
    /** Score levels, each reached from its minScore (0-100); default Gold 95, Silver 80, Bronze 60. */
    levels?: Array<{
      /** The level's name, e.g. Gold. */
      name: string;
      /** The least score that reaches it. */
      minScore: number;
    }>;
    /** Where frameworks and checks come from, besides the built-in SOC 2, HIPAA and ISO 27001 files. */
    definitions?: {
      /** Whether to load the built-in frameworks and checks; default true. */
      includeBuiltIn?: boolean;
      /** Directories of YAML or JSON definition files (frameworks, checks, crosswalk); default none. */
      directories?: string[];
      /** Extra checks in the rule language (see the README); default none. */
      checks?: object[];
      /** Extra frameworks with controls and their checks; default none. */
      frameworks?: object[];
      /** Extra crosswalk entries `{ framework, control, checks }` mapping checks to existing controls; default none. */
      crosswalk?: object[];
    };
    /** How often evaluations run. */
    schedule?: {
      /** Full run: gathers every fact for every entity; default 6 hours. */
      full?: HumanDuration | string;
      /** Light pass: re-evaluates entities changed since their last evaluation; default 5 minutes. */
      incremental?: HumanDuration | string;
    };
    /** Score history. */
    history?: {
      /** Days of daily history kept; default 365. */
      retentionDays?: number;
    };
    /** Waivers. */
    waivers?: {
      /** The longest a waiver may run, in days; default 365. */
      maxDays?: number;
    };
    /** Cluster checks (clusters come from the `kubernetes` config). */
    kubernetes?: {
      /** Image prefixes workloads may pull from, e.g. `nvcr.io/`; default empty, which allows every image. */
      allowedRegistries?: string[];
    };
    /** GPU grant checks, read from the gpu-provisioning backend. */
    grants?: {
      /** Whether to read GPU grants; default true. */
      enabled?: boolean;
      /** Clusters approved for restricted data; default none. */
      restrictedClusters?: string[];
    };
    /** Model checks. */
    models?: {
      /** SPDX ids (or names) of licences models may have; default Apache-2.0, MIT, BSD-3-Clause. */
      allowedLicenses?: string[];
    };
  };
}
