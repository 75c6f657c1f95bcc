import {
  IdleWasteQuery,
  IdleWasteReport,
} from '@ai-platform/plugin-cost-common';
import { GpuCostStore } from '../database/types';
import { nanosToAmount } from '../money/nanosToAmount';
import { round } from './amounts';
import { CostAccess } from './CostAccess';
import { CostSubjects } from './CostSubjects';
import { bucketsOf } from './dates';
import { sumIdleWaste } from './sumIdleWaste';
import { CallContext, IdleWasteService } from './types';

/** Kubernetes GPU cost allocated vs used within a subject; the difference is idle waste. */
export class IdleWaste implements IdleWasteService {
  static create(options: {
    gpu: GpuCostStore;
    subjects: CostSubjects;
    access: CostAccess;
    currency: string;
  }): IdleWaste {
    return new IdleWaste(options);
  }

  private constructor(
    private readonly options: {
      gpu: GpuCostStore;
      subjects: CostSubjects;
      access: CostAccess;
      currency: string;
    },
  ) {}

  async idleWaste(
    query: IdleWasteQuery,
    ctx: CallContext,
  ): Promise<IdleWasteReport> {
    const { gpu, subjects, access, currency } = this.options;
    const subject = await subjects.resolve(query.entityRef);
    await access.requireRead(subject.ref, ctx);
    const rows = await gpu.queryGpu({
      ...subject.filter,
      from: query.from,
      to: query.to,
    });
    const sums = sumIdleWaste(rows, bucketsOf(query.from, query.to, 'day'));
    const items = sums.items
      .sort(
        (a, b) =>
          Number(b.nanos.idle > a.nanos.idle) -
          Number(b.nanos.idle < a.nanos.idle),
      )
      .map(i => ({
        entityRef: i.entityRef,
        team: i.team,
        gpuClass: i.gpuClass,
        gpuHoursAllocated: round(i.gpuHoursAllocated),
        gpuHoursUsed: round(i.gpuHoursUsed),
        allocatedCost: nanosToAmount(i.nanos.allocated),
        usedCost: nanosToAmount(i.nanos.used),
        idleCost: nanosToAmount(i.nanos.idle),
      }));
    // GPU-hours are quantities (doubles); only money is summed exactly.
    const hours = (f: (i: (typeof sums.items)[number]) => number) =>
      round(sums.items.reduce((s, i) => s + f(i), 0));
    return {
      entityRef: subject.ref,
      from: query.from,
      to: query.to,
      currency: rows[0]?.currency ?? currency,
      gpuHoursAllocated: hours(i => i.gpuHoursAllocated),
      gpuHoursUsed: hours(i => i.gpuHoursUsed),
      allocatedCost: nanosToAmount(sums.total.allocated),
      usedCost: nanosToAmount(sums.total.used),
      idleCost: nanosToAmount(sums.total.idle),
      items,
      points: [...sums.idlePerDay.entries()].map(([date, nanos]) => ({
        date,
        amount: nanosToAmount(nanos),
      })),
    };
  }
}
