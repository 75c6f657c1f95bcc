import { Waiver } from '@ai-platform/plugin-compliance-common';
import { ComplianceStore } from '../database/types';
import { isWaiverActive } from './ComplianceEvaluator';

/** Stored waivers with whether each is in force at `now`. */
export function withActivity(
  waivers: Array<Omit<Waiver, 'active'>>,
  now: Date,
): Waiver[] {
  return waivers.map(w => ({
    ...w,
    active: isWaiverActive({ ...w, active: true }, now),
  }));
}

/** Every stored waiver by entity ref, with whether each is in force at `now`. */
export async function waiversByEntity(
  store: ComplianceStore,
  now: Date,
): Promise<Map<string, Waiver[]>> {
  const out = new Map<string, Waiver[]>();
  for (const waiver of withActivity(await store.listWaivers(), now)) {
    out.set(waiver.entityRef, [...(out.get(waiver.entityRef) ?? []), waiver]);
  }
  return out;
}
