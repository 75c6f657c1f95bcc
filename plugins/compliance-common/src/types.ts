/** How bad a failing check is. @public */
export type CheckSeverity = 'low' | 'medium' | 'high' | 'critical';

/** The outcome of one check for one entity. @public */
export type CheckStatus =
  /** The condition holds. */
  | 'pass'
  /** The condition does not hold. */
  | 'fail'
  /** Failing, but an approved waiver in force covers it; counts as met. */
  | 'waived'
  /** The check does not apply to this entity (its `when` is false). */
  | 'not-applicable'
  /** A fact the check needs could not be gathered; counts as not met. */
  | 'unknown';

/** A condition of the rule language: json-rules-engine's shape, evaluated synchronously. @public */
export type RuleCondition =
  | { all: RuleCondition[] }
  | { any: RuleCondition[] }
  | { not: RuleCondition }
  | {
      /** A fact name such as `catalog.lifecycle` or `k8s.namespacesWithoutDefaultDeny`. */
      fact: string;
      operator: RuleOperator;
      value?: unknown;
    };

/** The operators of a fact condition. @public */
export type RuleOperator =
  | 'equal'
  | 'notEqual'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'doesNotContain'
  | 'lessThan'
  | 'lessThanInclusive'
  | 'greaterThan'
  | 'greaterThanInclusive'
  | 'exists'
  | 'notExists'
  | 'isEmpty'
  | 'isNotEmpty'
  | 'matches';

/** A check declared in data. @public */
export interface ComplianceCheck {
  /** Stable id, kebab-case, for example `catalog-owner-is-group`. */
  id: string;
  title: string;
  severity: CheckSeverity;
  /** Relative weight in scores (1 when absent in the file). */
  weight: number;
  /** Why the check matters. */
  explanation: string;
  /** What to do when it fails. */
  howToFix: string;
  /** Entity kinds the check applies to, lower case (`component`, `resource`, ...). */
  kinds: string[];
  /** When present, the check applies only where this holds. */
  when?: RuleCondition;
  /** What must hold for the check to pass. */
  condition: RuleCondition;
}

/** A control of a framework and the checks that give evidence for it. @public */
export interface ComplianceControl {
  /** The framework's own id, for example `CC6.1` or `164.312(a)(1)`. */
  id: string;
  title: string;
  description?: string;
  /** Ids of the checks that give evidence for it (the crosswalk). */
  checks: string[];
}

/** A compliance framework: SOC 2, HIPAA Security Rule, ISO/IEC 27001:2022, or a team's own. @public */
export interface ComplianceFramework {
  /** Short id, kebab-case, for example `soc2`. */
  id: string;
  title: string;
  version?: string;
  description?: string;
  /** When present, the framework applies only to entities where this holds. */
  scope?: RuleCondition;
  controls: ComplianceControl[];
}

/** A score level and the least score that reaches it. @public */
export interface ComplianceLevel {
  name: string;
  minScore: number;
}

/** An entity's score in one framework. @public */
export interface FrameworkScore {
  frameworkId: string;
  /** 0 to 100, weighted by check weight; null when no check applies. */
  score: number | null;
  /** The highest level reached, or `null` below the lowest. */
  level: string | null;
  passed: number;
  failed: number;
  waived: number;
  unknown: number;
  notApplicable: number;
}

/** The fact values and time that decided a result. @public */
export interface CheckEvidence {
  /** Values of the facts the check read, by fact name. */
  facts: Record<string, unknown>;
  /** When each retriever gathered the facts used, by retriever id. */
  collectedAt: Record<string, string>;
  /** Why the result is `unknown`, when it is. */
  error?: string;
}

/** One check's result for one entity. @public */
export interface CheckResult {
  entityRef: string;
  checkId: string;
  status: CheckStatus;
  evaluatedAt: string;
  evidence: CheckEvidence;
  /** The waiver in force, when the result is `waived`. */
  waiverId?: string;
}

/** A waiver of one check for one entity. @public */
export interface Waiver {
  id: string;
  entityRef: string;
  checkId: string;
  justification: string;
  /** User entity ref of the approver who granted it. */
  approver: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: string;
  /** In force: neither expired nor revoked. */
  active: boolean;
}

/** A check result with the check's text, for an entity's view. @public */
export interface EntityCheckResult extends CheckResult {
  title: string;
  severity: CheckSeverity;
  weight: number;
  explanation: string;
  howToFix: string;
  /** `frameworkId:controlId` of the controls the check gives evidence for. */
  controls: Array<{ frameworkId: string; controlId: string }>;
}

/** Everything about an entity's compliance. @public */
export interface EntityCompliance {
  entityRef: string;
  evaluatedAt?: string;
  frameworks: FrameworkScore[];
  checks: EntityCheckResult[];
  waivers: Waiver[];
}

/** A group's or system's rolled-up scores: the mean over the entities under it. @public */
export interface RollupScore {
  /** Group or system entity ref. */
  subjectRef: string;
  title?: string;
  frameworkId: string;
  score: number | null;
  level: string | null;
  entities: number;
}

/** The heat map: teams by frameworks. @public */
export interface HeatmapResponse {
  frameworks: Array<{ id: string; title: string }>;
  rows: Array<{
    groupRef: string;
    title?: string;
    scores: Record<
      string,
      { score: number | null; level: string | null; entities: number }
    >;
  }>;
  levels: ComplianceLevel[];
}

/** One day of a score's history. @public */
export interface HistoryPoint {
  day: string;
  frameworkId: string;
  score: number | null;
}

/** One control by team cell of a framework matrix. @public */
export interface ControlTeamCell {
  passed: number;
  failed: number;
  /** Passing share 0..100, null when nothing applies. */
  score: number | null;
}

/** A framework's controls by teams. @public */
export interface FrameworkMatrix {
  framework: ComplianceFramework;
  teams: Array<{ groupRef: string; title?: string }>;
  rows: Array<{
    controlId: string;
    title: string;
    cells: Record<string, ControlTeamCell>;
  }>;
}

/** One line of an evidence export. @public */
export interface EvidenceRecord {
  frameworkId: string;
  controlId: string;
  checkId: string;
  entityRef: string;
  owner?: string;
  status: CheckStatus;
  evaluatedAt: string;
  facts: Record<string, unknown>;
  collectedAt: Record<string, string>;
  waiverId?: string;
}
