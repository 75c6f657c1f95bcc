import { StoredEntity, StoredScore } from '../database/types';

/** A roll-up accumulator: the mean of entity scores per subject and framework. */
export interface Rollup {
  subjectRef: string;
  frameworkId: string;
  score: number | null;
  entities: number;
}

/**
 * Rolls entity scores up to systems (by `spec.system`) and groups (by
 * `spec.owner`, then along each group's `spec.parent` chain): each subject's
 * score is the mean of the scores of the entities under it.
 */
export function rollUp(
  entities: StoredEntity[],
  scores: StoredScore[],
): Rollup[] {
  const byRef = new Map(entities.map(e => [e.entityRef, e]));
  const acc = new Map<string, { sum: number; n: number; entities: number }>();
  const add = (subject: string, frameworkId: string, score: number | null) => {
    const key = `${subject}\u0000${frameworkId}`;
    const a = acc.get(key) ?? { sum: 0, n: 0, entities: 0 };
    a.entities++;
    if (score !== null) {
      a.sum += score;
      a.n++;
    }
    acc.set(key, a);
  };
  for (const s of scores) {
    const entity = byRef.get(s.entityRef);
    if (!entity) continue;
    // A system's own checks count towards the system with its parts.
    if (entity.kind === 'system') add(entity.entityRef, s.frameworkId, s.score);
    else if (entity.systemRef) add(entity.systemRef, s.frameworkId, s.score);
    const seen = new Set<string>();
    let group = entity.ownerRef;
    while (group && group.startsWith('group:') && !seen.has(group)) {
      seen.add(group);
      add(group, s.frameworkId, s.score);
      group = byRef.get(group)?.parentRef;
    }
  }
  return [...acc.entries()].map(([key, a]) => {
    const [subjectRef, frameworkId] = key.split('\u0000');
    return {
      subjectRef,
      frameworkId,
      score: a.n ? Math.round((a.sum / a.n) * 10) / 10 : null,
      entities: a.entities,
    };
  });
}
