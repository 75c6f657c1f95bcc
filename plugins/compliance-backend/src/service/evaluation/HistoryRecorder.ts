import { ComplianceStore } from '../../database/types';
import { GroupRollups } from '../GroupRollups';
import { DAY_MS, dayOf } from '../days';

/**
 * Keeps the daily history: after a run, today's scores of the entities it
 * covered (copied by the database from the stored scores; the others keep
 * today's row from their last run) and the roll-ups; prunes what is older
 * than the retention.
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

  /**
   * @param entityRefs - the entities to record; every scored one when 'all'
   * @param subjectRefs - the roll-ups to record; every one when omitted
   */
  async record(
    now: Date,
    entityRefs: string[] | 'all',
    subjectRefs?: string[],
  ): Promise<void> {
    await this.write(now, entityRefs, subjectRefs);
    await this.store.pruneHistory(
      dayOf(new Date(now.getTime() - this.retentionDays * DAY_MS)),
    );
  }

  private async write(
    now: Date,
    entityRefs: string[] | 'all',
    subjectRefs?: string[],
  ): Promise<void> {
    const day = dayOf(now);
    if (entityRefs === 'all') await this.store.writeEntityHistory(day);
    else if (entityRefs.length)
      await this.store.writeEntityHistory(day, entityRefs);
    // Written after the entities': a system's roll-up replaces its own score.
    const rollups = subjectRefs
      ? await this.rollups.computeFor(subjectRefs)
      : await this.rollups.compute();
    await this.store.writeHistory(
      rollups.map(r => ({
        day,
        subjectRef: r.subjectRef,
        frameworkId: r.frameworkId,
        score: r.score,
      })),
    );
  }

  /**
   * After a few entities were evaluated: their rows, and the roll-ups of
   * their systems and of their owning groups and every group above.
   */
  async recordEntities(
    now: Date,
    entityRefs: string[],
    touched: { owners: string[]; systems: string[] },
  ): Promise<void> {
    const subjects = new Set(touched.systems);
    for (const owner of touched.owners) {
      subjects.add(owner);
      for (const above of await this.rollups.groupsAbove(owner))
        subjects.add(above);
    }
    // Pruning is left to the runs: it is a day's work, not an entity's.
    await this.write(now, entityRefs, [...subjects]);
  }
}
