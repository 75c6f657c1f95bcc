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
 * `spec.owner`, then to every group above the owner): each subject's score
 * is the mean of the scores of the entities under it.
 *
 * @param groupsAbove - the groups above a group, from the catalog's Group tree
 */
export function rollUp(
  entities: StoredEntity[],
  scores: StoredScore[],
  groupsAbove: (groupRef: string) => string[],
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
    const owner = entity.ownerRef;
    if (!owner?.startsWith('group:')) continue;
    for (const group of [owner, ...groupsAbove(owner)]) {
      add(group, s.frameworkId, s.score);
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
