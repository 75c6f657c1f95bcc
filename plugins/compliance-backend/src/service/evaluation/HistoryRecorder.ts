import { ComplianceStore, HistoryRow } from '../../database/types';
import { GroupRollups } from '../GroupRollups';
import { DAY_MS, dayOf } from '../days';

/**
 * Keeps the daily history: after a run, today's scores of the entities just
 * evaluated (the others keep today's row from their last evaluation) and
 * every roll-up; prunes what is older than the retention.
 */
export class HistoryRecorder {
  static create(options: {
    store: ComplianceStore;
    rollups: GroupRollups;
    retentionDays: number;
  }) {
    return new HistoryRecorder(
      options.store,
      options.rollups,
      options.retentionDays,
    );
  }

  private constructor(
    private readonly store: ComplianceStore,
    private readonly rollups: GroupRollups,
    private readonly retentionDays: number,
  ) {}

  async record(now: Date, evaluated: Set<string>): Promise<void> {
    const day = dayOf(now);
    const { scores, rollups } = await this.rollups.compute();
    // Roll-ups replace a system's own score: its history is the system's.
    const rows = new Map<string, HistoryRow>();
    for (const r of [
      ...scores
        .filter(s => evaluated.has(s.entityRef))
        .map(s => ({ ...s, subjectRef: s.entityRef })),
      ...rollups,
    ])
      rows.set(`${r.subjectRef}\u0000${r.frameworkId}`, {
        day,
        subjectRef: r.subjectRef,
        frameworkId: r.frameworkId,
        score: r.score,
      });
    await this.store.writeHistory([...rows.values()]);
    await this.store.pruneHistory(
      dayOf(new Date(now.getTime() - this.retentionDays * DAY_MS)),
    );
  }
}
