import {
  IdleWasteItem,
  IdleWasteQuery,
  IdleWasteReport,
  UNALLOCATED,
} from '@ai-platform/plugin-cost-common';
import { GpuCostStore } from '../database/types';
import { round } from './amounts';
import { CostAccess } from './CostAccess';
import { CostSubjects } from './CostSubjects';
import { bucketsOf } from './dates';
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
    const items = new Map<string, IdleWasteItem>();
    const perDay = new Map(
      bucketsOf(query.from, query.to, 'day').map(d => [d, 0]),
    );
    for (const r of rows) {
      const entityRef = r.entityRef ?? UNALLOCATED;
      const key = `${entityRef}\u0000${r.team}\u0000${r.gpuClass}`;
      const item = items.get(key) ?? {
        entityRef,
        team: r.team,
        gpuClass: r.gpuClass,
        gpuHoursAllocated: 0,
        gpuHoursUsed: 0,
        allocatedCost: 0,
        usedCost: 0,
        idleCost: 0,
      };
      item.gpuHoursAllocated += r.gpuHoursAllocated;
      item.gpuHoursUsed += r.gpuHoursUsed;
      item.allocatedCost += r.allocatedCost;
      item.usedCost += r.usedCost;
      item.idleCost += r.allocatedCost - r.usedCost;
      items.set(key, item);
      perDay.set(
        r.day,
        (perDay.get(r.day) ?? 0) + r.allocatedCost - r.usedCost,
      );
    }
    const list = [...items.values()]
      .map(i => ({
        ...i,
        gpuHoursAllocated: round(i.gpuHoursAllocated),
        gpuHoursUsed: round(i.gpuHoursUsed),
        allocatedCost: round(i.allocatedCost),
        usedCost: round(i.usedCost),
        idleCost: round(i.idleCost),
      }))
      .sort((a, b) => b.idleCost - a.idleCost);
    const sum = (f: (i: IdleWasteItem) => number) =>
      round(list.reduce((s, i) => s + f(i), 0));
    return {
      entityRef: subject.ref,
      from: query.from,
      to: query.to,
      currency: rows[0]?.currency ?? currency,
      gpuHoursAllocated: sum(i => i.gpuHoursAllocated),
      gpuHoursUsed: sum(i => i.gpuHoursUsed),
      allocatedCost: sum(i => i.allocatedCost),
      usedCost: sum(i => i.usedCost),
      idleCost: sum(i => i.idleCost),
      items: list,
      points: [...perDay.entries()].map(([date, amount]) => ({
        date,
        amount: round(amount),
      })),
    };
  }
}
