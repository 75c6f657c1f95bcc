import {
  CheckResult,
  CheckStatus,
  ComplianceCheck,
  ComplianceLevel,
  FrameworkScore,
  RuleCondition,
  Waiver,
} from '@ai-platform/plugin-compliance-common';
import { createHash } from 'node:crypto';
import { StoredResult } from '../database/types';
import { EntityFacts } from '../facts/types';
import { FrameworkRegistry } from '../frameworks/FrameworkRegistry';
import { evaluateCondition, factsOf } from '../rules/evaluateCondition';

interface PreparedCheck {
  check: ComplianceCheck;
  kinds: Set<string>;
  facts: string[];
  retrievers: string[];
}

/** What one entity's evaluation needs. */
export interface EvaluationInput {
  entityRef: string;
  /** Lower-cased kind, matched against each check's `kinds`. */
  kind: string;
  /** The facts of every retriever for the entity. */
  facts: EntityFacts[];
  /** The entity's waivers; only those in force at `now` count. */
  waivers: Waiver[];
  now: Date;
}

/** One entity's results and scores. */
export interface EvaluationOutput {
  results: CheckResult[];
  scores: FrameworkScore[];
}

function retrieverOf(fact: string): string {
  return fact.slice(0, fact.indexOf('.'));
}

/** Whether a waiver is in force at a time: not revoked and not expired. */
export function isWaiverActive(waiver: Waiver, now: Date): boolean {
  return !waiver.revokedAt && Date.parse(waiver.expiresAt) > now.getTime();
}

/**
 * Turns facts into check results and weighted framework scores. Pure and
 * synchronous: the same facts, waivers and time give the same answer.
 */
export class ComplianceEvaluator {
  private readonly checks: PreparedCheck[];
  private readonly byId: Map<string, PreparedCheck>;
  private readonly frameworkChecks: Array<{
    id: string;
    scope?: RuleCondition;
    checkIds: Set<string>;
    /** Each control's check ids. */
    controls: string[][];
  }>;

  private constructor(
    private readonly registry: FrameworkRegistry,
    private readonly levels: ComplianceLevel[],
    retrievers?: string[],
  ) {
    const enabled = retrievers ? new Set(retrievers) : undefined;
    this.checks = registry
      .checks()
      .map(check => {
        const facts = [
          ...factsOf(
            check.condition,
            check.when ? factsOf(check.when) : new Set(),
          ),
        ];
        return {
          check,
          kinds: new Set(check.kinds),
          facts,
          retrievers: [...new Set(facts.map(retrieverOf))],
        };
      })
      // Checks of a retriever that is switched off are not evaluated at all.
      .filter(c => !enabled || c.retrievers.every(r => enabled.has(r)));
    this.byId = new Map(this.checks.map(c => [c.check.id, c]));
    this.frameworkChecks = registry.frameworks().map(f => ({
      id: f.id,
      scope: f.scope,
      checkIds: new Set(registry.checkIdsOf(f.id)),
      controls: f.controls.map(c => c.checks),
    }));
    this.levels = [...levels].sort((a, b) => b.minScore - a.minScore);
    this.fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          this.checks.map(c => c.check),
          registry.frameworks(),
          this.levels,
        ]),
      )
      .digest('hex');
  }

  /** Changes when the checks, frameworks or levels evaluated here change. */
  readonly fingerprint: string;

  static create(options: {
    registry: FrameworkRegistry;
    levels: ComplianceLevel[];
    /** The ids of the retrievers in use; checks needing others are skipped. All when absent. */
    retrievers?: string[];
  }): ComplianceEvaluator {
    return new ComplianceEvaluator(
      options.registry,
      options.levels,
      options.retrievers,
    );
  }

  /** The level a score reaches, or null. */
  levelOf(score: number | null): string | null {
    if (score === null) return null;
    return this.levels.find(l => score >= l.minScore)?.name ?? null;
  }

  /** Results with their evidence, and scores. */
  evaluate(input: EvaluationInput): EvaluationOutput {
    const { results, scores } = this.evaluateStatuses(input);
    const evaluatedAt = input.now.toISOString();
    return {
      results: results.map(r => ({
        ...r,
        evaluatedAt,
        evidence: this.evidenceOf(r.checkId, input.facts)!,
      })),
      scores,
    };
  }

  /**
   * Statuses and scores only: what a run stores, the evidence being derived
   * from the stored facts when it is read ({@link evidenceOf}).
   */
  evaluateStatuses(input: EvaluationInput): {
    results: StoredResult[];
    scores: FrameworkScore[];
  } {
    const byRetriever = new Map(input.facts.map(f => [f.retriever, f]));
    const values: Record<string, unknown> = {};
    for (const f of input.facts) Object.assign(values, f.values);
    const lookup = (name: string) => values[name];
    const activeWaivers = new Map(
      input.waivers
        .filter(w => isWaiverActive(w, input.now))
        .map(w => [w.checkId, w]),
    );
    const results: StoredResult[] = [];
    for (const prepared of this.checks) {
      if (!prepared.kinds.has(input.kind)) continue;
      const { check } = prepared;
      const failed = prepared.retrievers.some(r => {
        const f = byRetriever.get(r);
        return !f || !!f.error;
      });
      let status: CheckStatus;
      if (failed) status = 'unknown';
      else if (check.when && !evaluateCondition(check.when, lookup))
        status = 'not-applicable';
      else
        status = evaluateCondition(check.condition, lookup) ? 'pass' : 'fail';
      const waiver =
        status === 'fail' || status === 'unknown'
          ? activeWaivers.get(check.id)
          : undefined;
      results.push({
        entityRef: input.entityRef,
        checkId: check.id,
        status: waiver ? 'waived' : status,
        ...(waiver ? { waiverId: waiver.id } : {}),
      });
    }
    return { results, scores: this.score(results, lookup) };
  }

  /**
   * A result's evidence from the facts it was evaluated on: the values of
   * the facts the check reads, when each retriever collected them and why
   * any could not; undefined for a check not evaluated here.
   */
  evidenceOf(
    checkId: string,
    entityFacts: EntityFacts[],
  ): CheckResult['evidence'] | undefined {
    const prepared = this.byId.get(checkId);
    if (!prepared) return undefined;
    const byRetriever = new Map(entityFacts.map(f => [f.retriever, f]));
    const values: Record<string, unknown> = {};
    for (const f of entityFacts) Object.assign(values, f.values);
    const collectedAt: Record<string, string> = {};
    const errors: string[] = [];
    for (const r of prepared.retrievers) {
      const f = byRetriever.get(r);
      if (!f) errors.push(`no ${r} facts were gathered`);
      else {
        collectedAt[r] = f.collectedAt;
        if (f.error) errors.push(f.error);
      }
    }
    const facts: Record<string, unknown> = {};
    for (const name of prepared.facts)
      if (values[name] !== undefined) facts[name] = values[name];
    return {
      facts,
      collectedAt,
      ...(errors.length ? { error: errors.join('; ') } : {}),
    };
  }

  /**
   * Scores per framework from results; frameworks out of scope are left out.
   * A control's score is the weighted share of its applicable checks that
   * are met (pass or waived); the framework's score is the mean over the
   * controls with an applicable check, so a check counts once per control it
   * gives evidence for.
   */
  score(
    results: Array<Pick<CheckResult, 'checkId' | 'status'>>,
    lookup: (name: string) => unknown,
  ): FrameworkScore[] {
    const byCheck = new Map(results.map(r => [r.checkId, r]));
    const scores: FrameworkScore[] = [];
    for (const framework of this.frameworkChecks) {
      if (framework.scope && !evaluateCondition(framework.scope, lookup))
        continue;
      const counts = {
        passed: 0,
        failed: 0,
        waived: 0,
        unknown: 0,
        notApplicable: 0,
      };
      for (const checkId of framework.checkIds) {
        const status = byCheck.get(checkId)?.status;
        if (status === 'pass') counts.passed++;
        else if (status === 'fail') counts.failed++;
        else if (status === 'waived') counts.waived++;
        else if (status === 'unknown') counts.unknown++;
        else if (status === 'not-applicable') counts.notApplicable++;
      }
      let sum = 0;
      let controls = 0;
      for (const control of framework.controls) {
        let met = 0;
        let total = 0;
        for (const checkId of control) {
          const status = byCheck.get(checkId)?.status;
          if (!status || status === 'not-applicable') continue;
          const weight = this.registry.check(checkId)?.weight ?? 1;
          total += weight;
          if (status === 'pass' || status === 'waived') met += weight;
        }
        if (total) {
          sum += met / total;
          controls++;
        }
      }
      const score = controls ? Math.round((sum / controls) * 1000) / 10 : null;
      scores.push({
        frameworkId: framework.id,
        score,
        level: this.levelOf(score),
        ...counts,
      });
    }
    return scores;
  }
}
