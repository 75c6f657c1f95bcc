import { ScoreSum } from '../database/types';

/** A roll-up: the mean of entity scores per subject and framework. */
export interface Rollup {
  subjectRef: string;
  frameworkId: string;
  score: number | null;
  entities: number;
}

/** The mean of summed tenths, rounded half up to one decimal, exactly. */
export function meanOfTenths(tenths: number, scored: number): number | null {
  return scored ? Math.round(tenths / scored) / 10 : null;
}

/**
 * Rolls the database's score sums up: a system's sums are its roll-up; a
 * group's are those of the entities it owns plus those of every group below
 * it (sums add up exactly, so each subject's score is the mean of the scores
 * of all entities under it).
 *
 * @param groupsAbove - the groups above a group, from the catalog's Group tree
 */
export function rollUpSums(
  systems: ScoreSum[],
  owners: ScoreSum[],
  groupsAbove: (groupRef: string) => string[],
): Rollup[] {
  const acc = new Map<
    string,
    {
      subjectRef: string;
      frameworkId: string;
      tenths: number;
      scored: number;
      entities: number;
    }
  >();
  const add = (subjectRef: string, sum: ScoreSum) => {
    const key = `${subjectRef}\u0000${sum.frameworkId}`;
    const a = acc.get(key) ?? {
      subjectRef,
      frameworkId: sum.frameworkId,
      tenths: 0,
      scored: 0,
      entities: 0,
    };
    a.tenths += sum.tenths;
    a.scored += sum.scored;
    a.entities += sum.entities;
    acc.set(key, a);
  };
  for (const s of systems) add(s.subjectRef, s);
  for (const s of owners) {
    for (const group of [s.subjectRef, ...groupsAbove(s.subjectRef)])
      add(group, s);
  }
  return [...acc.values()].map(a => ({
    subjectRef: a.subjectRef,
    frameworkId: a.frameworkId,
    score: meanOfTenths(a.tenths, a.scored),
    entities: a.entities,
  }));
}
