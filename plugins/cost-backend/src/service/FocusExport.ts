import {
  costFocusExportPermission,
  FocusExportQuery,
} from '@ai-platform/plugin-cost-common';
import { NotAllowedError } from '@backstage/errors';
import { GpuCostStore } from '../database/types';
import { CostAccess } from './CostAccess';
import { kubernetesFocusCsv } from './kubernetesFocusCsv';
import { CallContext, FocusExportService } from './types';

/** Kubernetes GPU cost of a range as FOCUS 1.2 rows, behind `cost.focus.export`. */
export class FocusExport implements FocusExportService {
  static create(options: {
    gpu: GpuCostStore;
    access: CostAccess;
  }): FocusExport {
    return new FocusExport(options);
  }

  private constructor(
    private readonly options: { gpu: GpuCostStore; access: CostAccess },
  ) {}

  async focusExport(
    query: FocusExportQuery,
    ctx: CallContext,
  ): Promise<string> {
    const { gpu, access } = this.options;
    if (!(await access.allows(costFocusExportPermission, ctx))) {
      throw new NotAllowedError('You may not export Kubernetes GPU cost');
    }
    const rows = await gpu.queryGpu({ from: query.from, to: query.to });
    return kubernetesFocusCsv(rows);
  }
}
