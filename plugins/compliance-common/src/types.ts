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
      /** How the fact's value is compared. */
      operator: RuleOperator;
      /** What the fact's value is compared with; absent for the unary operators. */
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
  /** One line people read. */
  title: string;
  /** How bad a failure is. */
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
  /** The framework's title of the control. */
  title: string;
  /** The framework's text of the control. */
  description?: string;
  /** Ids of the checks that give evidence for it (the crosswalk). */
  checks: string[];
}

/** A compliance framework: SOC 2, HIPAA Security Rule, ISO/IEC 27001:2022, or a team's own. @public */
export interface ComplianceFramework {
  /** Short id, kebab-case, for example `soc2`. */
  id: string;
  /** The framework's name people read. */
  title: string;
  /** The framework's edition, for example `2022`. */
  version?: string;
  /** What the framework covers. */
  description?: string;
  /** When present, the framework applies only to entities where this holds. */
  scope?: RuleCondition;
  /** The framework's controls. */
  controls: ComplianceControl[];
}

/** A score level and the least score that reaches it. @public */
export interface ComplianceLevel {
  /** The level's name, for example `Gold`. */
  name: string;
  /** The least score, 0 to 100, that reaches the level. */
  minScore: number;
}

/** An entity's score in one framework. @public */
export interface FrameworkScore {
  /** The framework's id. */
  frameworkId: string;
  /** 0 to 100, weighted by check weight; null when no check applies. */
  score: number | null;
  /** The highest level reached, or `null` below the lowest. */
  level: string | null;
  /** Checks that pass. */
  passed: number;
  /** Checks that fail. */
  failed: number;
  /** Failing checks a waiver covers. */
  waived: number;
  /** Checks whose facts could not be gathered. */
  unknown: number;
  /** Checks that do not apply to the entity. */
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
  /** The entity's ref. */
  entityRef: string;
  /** The check's id. */
  checkId: string;
  /** The outcome. */
  status: CheckStatus;
  /** When the check was evaluated, ISO 8601. */
  evaluatedAt: string;
  /** The facts that decided the outcome. */
  evidence: CheckEvidence;
  /** The waiver in force, when the result is `waived`. */
  waiverId?: string;
}

/** A waiver of one check for one entity. @public */
export interface Waiver {
  /** The waiver's id. */
  id: string;
  /** The entity the waiver covers. */
  entityRef: string;
  /** The check the waiver covers. */
  checkId: string;
  /** Why the check may fail, as the approver wrote it. */
  justification: string;
  /** User entity ref of the approver who granted it. */
  approver: string;
  /** When it was granted, ISO 8601. */
  createdAt: string;
  /** When it stops covering the check, ISO 8601. */
  expiresAt: string;
  /** When it was revoked, ISO 8601, if it was. */
  revokedAt?: string;
  /** User entity ref of who revoked it, if anyone did. */
  revokedBy?: string;
  /** In force: neither expired nor revoked. */
  active: boolean;
}

/** A check result with the check's text, for an entity's view. @public */
export interface EntityCheckResult extends CheckResult {
  /** The check's title. */
  title: string;
  /** The check's severity. */
  severity: CheckSeverity;
  /** The check's weight in scores. */
  weight: number;
  /** Why the check matters. */
  explanation: string;
  /** What to do when it fails. */
  howToFix: string;
  /** `frameworkId:controlId` of the controls the check gives evidence for. */
  controls: Array<{ frameworkId: string; controlId: string }>;
}

/** Everything about an entity's compliance. @public */
export interface EntityCompliance {
  /** The entity's ref. */
  entityRef: string;
  /** When the entity was last evaluated, ISO 8601; absent before the first evaluation. */
  evaluatedAt?: string;
  /** The entity's score in each framework that applies to it. */
  frameworks: FrameworkScore[];
  /** Every check's result for the entity. */
  checks: EntityCheckResult[];
  /** The entity's waivers. */
  waivers: Waiver[];
}

/** A group's or system's rolled-up scores: the mean over the entities under it. @public */
export interface RollupScore {
  /** Group or system entity ref. */
  subjectRef: string;
  /** The subject's title, when it has one. */
  title?: string;
  /** The framework's id. */
  frameworkId: string;
  /** 0 to 100; null when no entity under the subject has a score. */
  score: number | null;
  /** The highest level the score reaches, or `null`. */
  level: string | null;
  /** How many entities with a result in the framework are under the subject. */
  entities: number;
}

/** The heat map: teams by frameworks. @public */
export interface HeatmapResponse {
  /** The columns: every framework. */
  frameworks: Array<{ id: string; title: string }>;
  /** One row per team, with its rolled-up score by framework id. */
  rows: Array<{
    groupRef: string;
    title?: string;
    scores: Record<
      string,
      { score: number | null; level: string | null; entities: number }
    >;
  }>;
  /** The score levels, to colour the cells. */
  levels: ComplianceLevel[];
}

/** One day of a score's history. @public */
export interface HistoryPoint {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  /** The framework's id. */
  frameworkId: string;
  /** The score that day, 0 to 100, or null when nothing applied. */
  score: number | null;
}

/** One control by team cell of a framework matrix. @public */
export interface ControlTeamCell {
  /** The team's entities that meet the control. */
  passed: number;
  /** The team's entities that do not. */
  failed: number;
  /** Passing share 0..100, null when nothing applies. */
  score: number | null;
}

/** A framework's controls by teams. @public */
export interface FrameworkMatrix {
  /** The framework. */
  framework: ComplianceFramework;
  /** The columns: the teams owning entities in the framework's scope. */
  teams: Array<{ groupRef: string; title?: string }>;
  /** One row per control, with a cell per team's group ref. */
  rows: Array<{
    controlId: string;
    title: string;
    cells: Record<string, ControlTeamCell>;
  }>;
}

/** One line of an evidence export. @public */
export interface EvidenceRecord {
  /** The framework's id. */
  frameworkId: string;
  /** The control the check gives evidence for. */
  controlId: string;
  /** The check's id. */
  checkId: string;
  /** The entity's ref. */
  entityRef: string;
  /** The entity's owner, when it has one. */
  owner?: string;
  /** The outcome. */
  status: CheckStatus;
  /** When the check was evaluated, ISO 8601. */
  evaluatedAt: string;
  /** Values of the facts the check read, by fact name. */
  facts: Record<string, unknown>;
  /** When each retriever gathered the facts used, by retriever id. */
  collectedAt: Record<string, string>;
  /** The waiver in force, when the outcome is `waived`. */
  waiverId?: string;
}
