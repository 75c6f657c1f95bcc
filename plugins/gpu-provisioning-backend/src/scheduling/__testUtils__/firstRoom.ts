/** A grant as the day actually ran it: `[start, end)` in epoch milliseconds. */
export interface RanInterval {
  id: string;
  team: string;
  count: number;
  start: number;
  end: number;
}

/**
 * When a request could actually have started, knowing the whole day: the
 * first instant from `from` on at which `count` fit beside every other
 * grant of the day, in the team's quota and the cluster's capacity, for
 * the whole of `[start, start + windowMs)`. Room only appears where a grant
 * ends, so those instants (and `from`) are the candidates; inside a window
 * room only shrinks where a grant starts.
 */
export function firstRoom(options: {
  from: number;
  windowMs: number;
  count: number;
  team: string;
  quotaLimit: number;
  capacity: number;
  others: RanInterval[];
}): number | undefined {
  const { from, windowMs, count, team, quotaLimit, capacity, others } = options;
  const fitsAt = (at: number) => {
    const holding = others.filter(o => o.start <= at && at < o.end);
    const sum = (list: RanInterval[]) =>
      list.reduce((total, o) => total + o.count, 0);
    return (
      sum(holding.filter(o => o.team === team)) + count <= quotaLimit &&
      sum(holding) + count <= capacity
    );
  };
  const candidates = [
    from,
    ...others.map(o => o.end).filter(end => end > from),
  ].sort((a, b) => a - b);
  for (const start of candidates) {
    const inside = others
      .map(o => o.start)
      .filter(s => s > start && s < start + windowMs);
    if ([start, ...inside].every(fitsAt)) return start;
  }
  return undefined;
}
