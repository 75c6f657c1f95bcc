import { StartBinding, StartEstimate } from './startEstimate';

/** A wait in words a person reads at a glance: "about 2 h". */
export function aboutWait(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `about ${hours} h`;
  return `about ${Math.round(hours / 24)} days`;
}

/** What is short, in words. */
function shortfall(
  binding: StartBinding,
  facts: {
    count: number;
    units: string;
    cluster: string;
    quotaLimit: number;
    quotaLeft: number;
    freeNow: number;
  },
): string {
  const { count, units, cluster, quotaLimit, quotaLeft, freeNow } = facts;
  if (binding === 'quota') {
    return `your team's quota has ${quotaLeft} of ${quotaLimit} ${units} left and you asked for ${count}`;
  }
  if (binding === 'capacity') {
    return `${cluster} has ${freeNow} ${units} free and you asked for ${count}`;
  }
  return `your team's quota has ${quotaLeft} ${units} left and ${cluster} ${freeNow} free, and you asked for ${count}`;
}

/** Why starting now runs into reserved windows, in words. */
function bookedWords(
  booked: { from: Date; what: StartBinding; reservations: number },
  context: {
    now: Date;
    count: number;
    units: string;
    cluster: string;
    durationHours?: number;
  },
): string {
  const whose: Record<StartBinding, string> = {
    quota: "your team's quota is",
    capacity: `${context.cluster} is`,
    'quota-and-capacity': `your team's quota and ${context.cluster} are`,
  };
  const reservations =
    booked.reservations === 1
      ? '1 reservation'
      : `${booked.reservations} reservations`;
  const hours =
    context.durationHours !== undefined
      ? ` for ${context.durationHours} h`
      : '';
  return `${whose[booked.what]} booked by ${reservations} from ${aboutWait(
    booked.from.getTime() - context.now.getTime(),
  )} from now, so ${context.count} ${
    context.units
  }${hours} do not fit before then`;
}

/**
 * The estimate in one sentence, with no clock time in it (the server does
 * not know the reader's time zone; answers carry `startsAt` for that).
 */
export function describeStartEstimate(
  estimate: StartEstimate,
  context: {
    now: Date;
    count: number;
    /** What is counted, plural: "H100 GPUs", "H100 1g.10gb MIG instances". */
    units: string;
    cluster: string;
    quotaLimit: number;
    requiresApproval: boolean;
    /** How long the request would hold the units. */
    durationHours?: number;
  },
): string {
  const { count, units, cluster, quotaLimit } = context;
  const approval = context.requiresApproval
    ? ' It is above the approval threshold, so an approver must say yes first.'
    : '';
  switch (estimate.outcome) {
    case 'now':
      return `Can start now: ${estimate.quotaLeft} of ${quotaLimit} ${units} of your team's quota are left and ${cluster} has ${estimate.freeNow} free.${approval}`;
    case 'over-quota':
      return quotaLimit === 0
        ? `Cannot start: your team has no quota for ${units}; ask a platform admin for one.`
        : `Cannot start: you asked for ${count} ${units} and your team's whole quota is ${quotaLimit}; ask for at most ${quotaLimit}, or for a larger quota.`;
    case 'later': {
      const wait = aboutWait(
        estimate.startsAt.getTime() - context.now.getTime(),
      );
      const grants =
        estimate.waitsFor === 1
          ? '1 grant ends'
          : `${estimate.waitsFor} grants end`;
      if (estimate.booked) {
        return `Starts in ${wait}, when ${grants}: ${bookedWords(
          estimate.booked,
          context,
        )}.${approval}`;
      }
      const why = shortfall(estimate.binding, {
        ...context,
        quotaLeft: estimate.quotaLeft,
        freeNow: estimate.freeNow,
      });
      return `Starts in ${wait}, when ${grants}: ${why}.${approval}`;
    }
    case 'unknown':
      return estimate.binding === 'quota'
        ? `Cannot say when: your team's quota has ${estimate.quotaLeft} ${units} left, you asked for ${count}, and the rest is held without an end time.${approval}`
        : `Cannot say when: ${cluster} has ${estimate.freeNow} ${units} free, you asked for ${count}, and the rest are used by workloads without an end time.${approval}`;
    default:
      throw new Error(`unknown estimate ${JSON.stringify(estimate)}`);
  }
}

/**
 * The history behind a range, in words: "Grants of H100 GPUs ended at a
 * median 60% of their booked time (12 in the last 30 days), so it likely
 * starts in about 3 h, possibly in about 1 h."
 */
export function describeStartRange(
  range: {
    from: Date;
    likely: Date;
    basedOn: number;
    medianShare: number;
  },
  context: { now: Date; units: string; historyDays: number },
): string {
  const { now, units, historyDays } = context;
  const when = (at: Date) =>
    at.getTime() <= now.getTime()
      ? 'now'
      : `in ${aboutWait(at.getTime() - now.getTime())}`;
  const likely = when(range.likely);
  const from = when(range.from);
  return `Grants of ${units} ended at a median ${Math.round(
    range.medianShare * 100,
  )}% of their booked time (${
    range.basedOn
  } in the last ${historyDays} days), so it likely starts ${likely}${
    from !== likely ? `, possibly ${from}` : ''
  }.`;
}
