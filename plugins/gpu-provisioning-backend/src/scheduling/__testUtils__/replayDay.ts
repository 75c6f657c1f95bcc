import {
  GpuRequest,
  QUOTA_HOLDING_STATUSES,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantStore } from '../../database/types';
import { newRequest } from '../../database/__testUtils__/grantStoreFixture';
import { grantBookings, grantReleases } from '../grantReleases';
import { heldShares } from '../earlyRelease';
import {
  estimateStart,
  StartEstimate,
  StartEstimateInput,
} from '../startEstimate';
import { HISTORY_DAYS, startRange } from '../startRange';
import { RanInterval } from './firstRoom';
import { MINUTE, RecordedArrival } from './recordedDay';

const HOUR = 3_600_000;
export const CLUSTER = 'gpu-prod';
export const GPU_CLASS = 'h100';

/** What an estimator is given: what the store holds at `now`. */
export interface EstimatorFacts {
  now: Date;
  asked: {
    team: string;
    cluster: string;
    gpuClass: string;
    count: number;
    durationHours: number;
  };
  quotaLimit: number;
  used: number;
  freeNow: number;
  holders: GpuRequest[];
}

export type Estimator = (facts: EstimatorFacts) => StartEstimate;

/** The estimate's input from the store's facts, as the start-estimate service builds it. */
function portalInput(facts: EstimatorFacts): StartEstimateInput {
  return {
    now: facts.now,
    count: facts.asked.count,
    durationHours: facts.asked.durationHours,
    quota: { limit: facts.quotaLimit, used: facts.used },
    freeNow: facts.freeNow,
    releases: grantReleases(facts.holders, facts.asked, facts.now),
    bookings: grantBookings(facts.holders, facts.asked, facts.now),
  };
}

/** The portal's estimate, from the store's facts as the start-estimate service reads them. */
export const portalEstimator: Estimator = facts =>
  estimateStart(portalInput(facts));

/** A deliberately wrong estimate: it ignores expiries and takes every grant to run its whole duration from now. */
export const ignoringExpiries: Estimator = facts =>
  portalEstimator({
    ...facts,
    holders: facts.holders.map(h => ({ ...h, expiresAt: undefined })),
  });

/** A request that could not start when asked, with the start it was told. */
export interface Probe {
  id: string;
  team: string;
  count: number;
  durationHours: number;
  askedAt: number;
  estimatedStart: number;
  /**
   * The portal's `startsRange` at the time it asked (from the day's ended
   * grants, as the start-estimate service reads them), when there was
   * history enough for one.
   */
  range?: { from: number; likely: number; to: number };
}

type Event =
  | {
      at: number;
      order: 0;
      kind: 'end';
      id: string;
      to: 'expired' | 'released';
    }
  | { at: number; order: 1; kind: 'extend'; id: string; hours: number }
  | {
      at: number;
      order: 2;
      kind: 'start';
      id: string;
      fate: RecordedArrival['fate'];
    }
  | { at: number; order: 3; kind: 'arrive'; arrival: RecordedArrival };

/**
 * Replays a recorded day through the real store and an estimator, the way
 * the portal's users work: a request that fits starts; one that does not
 * is booked from the estimate's `startsAt` (the summary's "Book it from").
 * Grants then end on time, early, or extended as recorded (an extension
 * the store refuses leaves the grant as it was).
 */
export async function replayDay(options: {
  store: GrantStore;
  setClock: (now: Date) => void;
  dayStart: Date;
  arrivals: RecordedArrival[];
  estimator: Estimator;
  quotaLimit: number;
  capacity: number;
}) {
  const { store, setClock, arrivals, estimator, quotaLimit, capacity } =
    options;
  const dayStart = options.dayStart.getTime();
  const events: Event[] = arrivals.map(arrival => ({
    at: dayStart + arrival.minute * MINUTE,
    order: 3,
    kind: 'arrive',
    arrival,
  }));
  const ran = new Map<string, RanInterval>();
  const probes: Probe[] = [];
  const counts = {
    now: 0,
    later: 0,
    /** Estimates with no start time (over quota, or cannot say when). */
    noStart: 0,
    /** Requests the store refused although the estimate said they fit. */
    storeRefused: 0,
    extended: 0,
    extensionRefused: 0,
  };
  const pendingEnd = new Map<string, Event>();

  const schedule = (event: Event) => {
    events.push(event);
    if (event.kind === 'end') pendingEnd.set(event.id, event);
  };
  const begin = (
    grant: GpuRequest,
    at: number,
    fate: RecordedArrival['fate'],
  ) => {
    const end = Date.parse(grant.expiresAt!);
    ran.set(grant.id, {
      id: grant.id,
      team: grant.team,
      count: grant.count,
      start: at,
      end,
    });
    if (fate.kind === 'released-early') {
      const early =
        at + Math.round((fate.share * (end - at)) / MINUTE) * MINUTE;
      schedule({
        at: early,
        order: 0,
        kind: 'end',
        id: grant.id,
        to: 'released',
      });
    } else {
      schedule({ at: end, order: 0, kind: 'end', id: grant.id, to: 'expired' });
      if (fate.kind === 'extended') {
        schedule({
          at: end - 30 * MINUTE,
          order: 1,
          kind: 'extend',
          id: grant.id,
          hours: fate.hours,
        });
      }
    }
  };

  while (events.length > 0) {
    events.sort((a, b) => a.at - b.at || a.order - b.order);
    const event = events.shift()!;
    const now = new Date(event.at);
    setClock(now);
    if (event.kind === 'end') {
      if (pendingEnd.get(event.id) !== event) continue; // superseded by an extension
      pendingEnd.delete(event.id);
      await store.transition(event.id, ['active'], event.to, {
        endedAt: now.toISOString(),
      });
      ran.get(event.id)!.end = event.at;
    } else if (event.kind === 'extend') {
      const pending = pendingEnd.get(event.id);
      if (!pending) continue;
      try {
        const extended = await store.extend({
          id: event.id,
          additionalHours: event.hours,
          maxDurationHours: 72,
          hourlyRate: 4.5,
          quotaLimit,
          capacity,
        });
        counts.extended++;
        schedule({
          at: Date.parse(extended.expiresAt!),
          order: 0,
          kind: 'end',
          id: event.id,
          to: 'expired',
        });
      } catch {
        counts.extensionRefused++;
      }
    } else if (event.kind === 'start') {
      const active = await store.transition(event.id, ['approved'], 'active', {
        activeSince: now.toISOString(),
      });
      begin(active!, event.at, event.fate);
    } else {
      const { arrival } = event;
      const asked = {
        team: arrival.team,
        cluster: CLUSTER,
        gpuClass: GPU_CLASS,
        count: arrival.count,
        durationHours: arrival.durationHours,
      };
      const [usage, totals, holders] = await Promise.all([
        store.usage(asked.team),
        store.activeGrantTotals(),
        store.list({ statuses: [...QUOTA_HOLDING_STATUSES] }),
      ]);
      const granted = totals
        .filter(
          t =>
            t.cluster === CLUSTER && t.gpuClass === GPU_CLASS && !t.migProfile,
        )
        .reduce((sum, t) => sum + t.count, 0);
      const facts: EstimatorFacts = {
        now,
        asked,
        quotaLimit,
        used: usage[GPU_CLASS] ?? 0,
        freeNow: Math.max(0, capacity - granted),
        holders,
      };
      const estimate = estimator(facts);
      const request = newRequest({
        ...asked,
        gpuHours: asked.count * asked.durationHours,
      });
      try {
        if (estimate.outcome === 'now') {
          const { request: created } = await store.create({
            request,
            quotaLimit,
            capacity,
          });
          const active = await store.transition(
            created.id,
            ['approved'],
            'active',
            {
              activeSince: now.toISOString(),
              expiresAt: new Date(
                event.at + asked.durationHours * HOUR,
              ).toISOString(),
            },
          );
          counts.now++;
          begin(active!, event.at, arrival.fate);
        } else if (estimate.outcome === 'later') {
          const startsAt = estimate.startsAt.getTime();
          const range = startRange(
            portalInput(facts),
            estimate.startsAt,
            heldShares(
              await store.endedSpans({
                gpuClass: GPU_CLASS,
                since: new Date(event.at - HISTORY_DAYS * 24 * HOUR),
              }),
            ),
          );
          const { request: booked } = await store.create({
            request: { ...request, startAt: new Date(startsAt).toISOString() },
            quotaLimit,
            capacity,
          });
          counts.later++;
          probes.push({
            id: booked.id,
            team: asked.team,
            count: asked.count,
            durationHours: asked.durationHours,
            askedAt: event.at,
            estimatedStart: startsAt,
            ...(range && {
              range: {
                from: range.from.getTime(),
                likely: range.likely.getTime(),
                to: range.to.getTime(),
              },
            }),
          });
          schedule({
            at: startsAt,
            order: 2,
            kind: 'start',
            id: booked.id,
            fate: arrival.fate,
          });
        } else {
          counts.noStart++;
        }
      } catch {
        // The store disagreed with the estimate: counted, and the test says so.
        counts.storeRefused++;
      }
    }
  }
  return { probes, ran: [...ran.values()], counts };
}
