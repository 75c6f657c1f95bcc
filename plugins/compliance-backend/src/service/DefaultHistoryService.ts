import {
  complianceScoreReadPermission,
  HistoryPoint,
} from '@ai-platform/plugin-compliance-common';
import { ComplianceStore } from '../database/types';
import { ComplianceAccess } from './ComplianceAccess';
import { DAY_MS, dayOf } from './days';
import { normalizeEntityRef } from './normalizeEntityRef';
import { CallContext, HistoryService } from './types';

/** Daily scores of an entity, system or group over the last days. */
export class DefaultHistoryService implements HistoryService {
  static create(options: {
    store: ComplianceStore;
    access: ComplianceAccess;
    now: () => Date;
  }) {
    return new DefaultHistoryService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultHistoryService.create
    >[0],
  ) {}

  async history(
    ctx: CallContext,
    subjectRefInput: string,
    days: number,
  ): Promise<HistoryPoint[]> {
    await this.options.access.require(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    const subjectRef = normalizeEntityRef(subjectRefInput, 'subjectRef');
    const since = dayOf(
      new Date(this.options.now().getTime() - (days - 1) * DAY_MS),
    );
    return (await this.options.store.getHistory(subjectRef, since)).map(h => ({
      day: h.day,
      frameworkId: h.frameworkId,
      score: h.score,
    }));
  }
}
