import {
  CostQuery,
  CostReport,
  CostSeries,
  UNALLOCATED,
} from '@ai-platform/plugin-cost-common';
import { InputError } from '@backstage/errors';
import { CostOrganisation } from '../catalog/CostOrganisation';
import { DailyCostStore, DailyDimension, DailyFilter } from '../database/types';
import { nanosToAmount } from '../money/nanosToAmount';
import { dominantCurrency, round, sumNanos } from './amounts';
import { CostAccess } from './CostAccess';
import { CostSubjects } from './CostSubjects';
import { toCsv } from './csv';
import { bucketOf, bucketsOf, previousPeriod } from './dates';
import { groupLabels } from './groupLabels';
import { CallContext, CostReportService, Subject } from './types';

const SPLIT_DIMENSIONS: Record<
  Exclude<CostQuery['splitBy'], undefined | 'childTeam'>,
  DailyDimension
> = {
  service: 'service_name',
  provider: 'provider',
  gpuClass: 'gpu_class',
  subAccount: 'sub_account_id',
  entity: 'entity_ref',
};

/**
 * The cost of an entity, or the roll-up of a group and every team below it,
 * bucketed by day, week or month and optionally split; after `cost.read`.
 */
export class CostReports implements CostReportService {
  static create(options: {
    daily: DailyCostStore;
    organisation: CostOrganisation;
    subjects: CostSubjects;
    access: CostAccess;
    currency: string;
  }): CostReports {
    return new CostReports(options);
  }

  private constructor(
    private readonly options: {
      daily: DailyCostStore;
      organisation: CostOrganisation;
      subjects: CostSubjects;
      access: CostAccess;
      currency: string;
    },
  ) {}

  async costs(query: CostQuery, ctx: CallContext): Promise<CostReport> {
    const { daily, subjects, access, organisation, currency } = this.options;
    const subject = await subjects.resolve(query.entityRef);
    await access.requireRead(subject.ref, ctx);
    const filter: DailyFilter = {
      ...subject.filter,
      from: query.from,
      to: query.to,
    };
    const buckets = bucketsOf(query.from, query.to, query.granularity);
    // Sums stay in exact nano-units until the answer is written.
    const zero = () => new Map(buckets.map(b => [b, 0n]));

    let byDimension: DailyDimension | undefined;
    if (query.splitBy === 'childTeam') byDimension = 'team';
    else if (query.splitBy) byDimension = SPLIT_DIMENSIONS[query.splitBy];
    if (query.splitBy === 'childTeam' && subject.kind !== 'group') {
      throw new InputError('splitBy: childTeam applies only to groups');
    }
    const grain = query.granularity === 'month' ? 'month' : 'day';
    const rows = await daily.queryDaily({
      filter,
      groupBy: byDimension,
      metric: query.metric,
      grain,
    });

    const totals = zero();
    const series = new Map<string, Map<string, bigint>>();
    const keyOf = await this.splitKey(subject, query.splitBy);
    for (const row of rows) {
      const bucket = bucketOf(row.day, query.granularity);
      totals.set(bucket, (totals.get(bucket) ?? 0n) + row.nanos);
      if (byDimension) {
        const key = keyOf(row.key);
        if (!series.has(key)) series.set(key, zero());
        const points = series.get(key)!;
        points.set(bucket, (points.get(bucket) ?? 0n) + row.nanos);
      }
    }
    const total = sumNanos(totals.values());
    // One sum, not buckets: the change compares totals only.
    const previous = await daily.totalNanos({
      filter: { ...subject.filter, ...previousPeriod(query.from, query.to) },
      metric: query.metric,
    });
    const labels = await groupLabels(organisation, query.splitBy);
    const seriesList: CostSeries[] = [...series.entries()]
      .map(([key, points]) => ({
        key,
        label: labels(key, subject.ref),
        total: nanosToAmount(sumNanos(points.values())),
        points: [...points.entries()].map(([date, nanos]) => ({
          date,
          amount: nanosToAmount(nanos),
        })),
      }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));

    return {
      entityRef: subject.ref,
      subjectKind: subject.kind,
      from: query.from,
      to: query.to,
      granularity: query.granularity,
      metric: query.metric,
      currency: dominantCurrency(rows, currency),
      total: nanosToAmount(total),
      change: {
        previousTotal: nanosToAmount(previous),
        amount: nanosToAmount(total - previous),
        ratio:
          previous === 0n
            ? null
            : round(Number(total - previous) / Math.abs(Number(previous))),
      },
      points: [...totals.entries()].map(([date, nanos]) => ({
        date,
        amount: nanosToAmount(nanos),
      })),
      ...(query.splitBy ? { splitBy: query.splitBy } : {}),
      series: seriesList,
    };
  }

  /** The same report as CSV: one line per bucket (and split value). */
  async exportCsv(query: CostQuery, ctx: CallContext): Promise<string> {
    const report = await this.costs(query, ctx);
    const rows = report.splitBy
      ? report.series.flatMap(s =>
          s.points.map(p => [
            p.date,
            s.key,
            s.label,
            p.amount,
            report.currency,
          ]),
        )
      : report.points.map(p => [p.date, '', '', p.amount, report.currency]);
    return toCsv(['date', 'key', 'label', 'amount', 'currency'], rows);
  }

  /**
   * The series key of a row: its dimension's value, or for a child-team
   * split the child of the subject the row's team sits under.
   */
  private async splitKey(
    subject: Subject,
    splitBy: CostQuery['splitBy'],
  ): Promise<(key: string | null) => string> {
    if (splitBy !== 'childTeam') {
      return key => key ?? (splitBy === 'gpuClass' ? 'none' : UNALLOCATED);
    }
    const { organisation } = this.options;
    const groups = await organisation.groups();
    const childOf = new Map<string, string>();
    for (const child of groups.get(subject.ref)?.childRefs ?? []) {
      for (const team of await organisation.descendants(child)) {
        childOf.set(team, child);
      }
    }
    return key => {
      if (key === UNALLOCATED) return UNALLOCATED;
      return key ? childOf.get(key) ?? subject.ref : subject.ref;
    };
  }
}
