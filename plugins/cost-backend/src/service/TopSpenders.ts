import {
  TopSpendersQuery,
  TopSpendersResponse,
  UNALLOCATED,
} from '@ai-platform/plugin-cost-common';
import { CostOrganisation } from '../catalog/CostOrganisation';
import { DailyCostStore, DailyDimension } from '../database/types';
import { nanosToAmount } from '../money/nanosToAmount';
import { dominantCurrency } from './amounts';
import { CostAccess } from './CostAccess';
import { CostSubjects } from './CostSubjects';
import { previousPeriod } from './dates';
import { groupLabels } from './groupLabels';
import { CallContext, TopSpendersService } from './types';

const TOP_DIMENSIONS: Record<TopSpendersQuery['by'], DailyDimension> = {
  team: 'team',
  entity: 'entity_ref',
  service: 'service_name',
};

/** The biggest teams, entities or services within a subject, with last period's amounts. */
export class TopSpenders implements TopSpendersService {
  static create(options: {
    daily: DailyCostStore;
    organisation: CostOrganisation;
    subjects: CostSubjects;
    access: CostAccess;
    currency: string;
  }): TopSpenders {
    return new TopSpenders(options);
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

  async topSpenders(
    query: TopSpendersQuery,
    ctx: CallContext,
  ): Promise<TopSpendersResponse> {
    const { daily, organisation, subjects, access, currency } = this.options;
    const subject = await subjects.resolve(query.entityRef);
    await access.requireRead(subject.ref, ctx);
    const dimension = TOP_DIMENSIONS[query.by];
    const sums = async (from: string, to: string) => {
      const rows = await daily.queryDaily({
        filter: { ...subject.filter, from, to },
        groupBy: dimension,
        metric: query.metric,
        // Summed whole, so whole months by team may come from the monthly roll-up.
        grain: 'month',
      });
      const map = new Map<string, bigint>();
      for (const r of rows) {
        const key = r.key ?? UNALLOCATED;
        map.set(key, (map.get(key) ?? 0n) + r.nanos);
      }
      return { map, rows };
    };
    const current = await sums(query.from, query.to);
    const before = previousPeriod(query.from, query.to);
    const previous = await sums(before.from, before.to);
    const labels = await groupLabels(
      organisation,
      query.by === 'team' ? 'team' : undefined,
    );
    const items = [...current.map.entries()]
      .sort((a, b) => Number(b[1] - a[1] > 0n) - Number(b[1] - a[1] < 0n))
      .slice(0, query.limit)
      .map(([key, amount]) => ({
        key,
        label: labels(key),
        amount: nanosToAmount(amount),
        previousAmount: nanosToAmount(previous.map.get(key) ?? 0n),
      }));
    return {
      entityRef: subject.ref,
      from: query.from,
      to: query.to,
      by: query.by,
      currency: dominantCurrency(current.rows, currency),
      items,
    };
  }
}
