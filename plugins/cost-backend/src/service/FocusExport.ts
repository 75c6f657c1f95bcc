import {
  costFocusExportPermission,
  FocusExportQuery,
} from '@ai-platform/plugin-cost-common';
import { NotAllowedError } from '@backstage/errors';
import { GpuCostStore, ServingSplitStore } from '../database/types';
import { CostAccess } from './CostAccess';
import { kubernetesFocusCsv } from './kubernetesFocusCsv';
import { CallContext, FocusExportService } from './types';

/**
 * Kubernetes GPU cost of a range as FOCUS 1.2 rows, with shared model
 * servers' cost split among their consumers, behind `cost.focus.export`.
 */
export class FocusExport implements FocusExportService {
  static create(options: {
    gpu: GpuCostStore;
    servingSplits: ServingSplitStore;
    access: CostAccess;
  }): FocusExport {
    return new FocusExport(options);
  }

  private constructor(
    private readonly options: {
      gpu: GpuCostStore;
      servingSplits: ServingSplitStore;
      access: CostAccess;
    },
  ) {}

  async focusExport(
    query: FocusExportQuery,
    ctx: CallContext,
  ): Promise<string> {
    const { gpu, servingSplits, access } = this.options;
    if (!(await access.allows(costFocusExportPermission, ctx))) {
      throw new NotAllowedError('You may not export Kubernetes GPU cost');
    }
    const range = { from: query.from, to: query.to };
    const [rows, splits] = await Promise.all([
      gpu.queryGpu(range),
      servingSplits.querySplits(range),
    ]);
    return kubernetesFocusCsv(rows, splits);
  }
}
