/**
 * The text without leading and trailing `-`, in linear time (the regex form
 * `/^-+|-+$/` is quadratic on long runs of `-`).
 *
 * @public
 */
export function trimDashes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === '-') start += 1;
  while (end > start && s[end - 1] === '-') end -= 1;
  return s.slice(start, end);
}

/**
 * A safe Kubernetes namespace name for a grant: an RFC 1123 label of at most
 * 63 characters built only from the sanitised team and entity names and the
 * grant id, so no annotation or user input can shape it beyond that.
 *
 * `gpu-<team>[-<entity>]-<first 8 of the id>`, e.g. `gpu-ml-platform-assistant-api-1a2b3c4d`.
 *
 * @public
 */
export function namespaceName(options: {
  team: string;
  entityRef?: string;
  requestId: string;
}): string {
  const nameOf = (ref: string) => ref.split('/').pop() ?? ref;
  // Linear: each replace is a single character class, and the ends are
  // trimmed by a loop (an end-anchored `/-+$/` is quadratic on long runs).
  const clean = (s: string) =>
    trimDashes(
      s
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/-+/g, '-'),
    );
  const suffix =
    clean(options.requestId).replace(/-/g, '').slice(0, 8) || 'grant';
  const parts = [
    clean(nameOf(options.team)),
    options.entityRef ? clean(nameOf(options.entityRef)) : '',
  ]
    .filter(Boolean)
    .join('-');
  const budget = 63 - 'gpu-'.length - 1 - suffix.length;
  const middle = trimDashes(parts.slice(0, budget));
  return middle ? `gpu-${middle}-${suffix}` : `gpu-${suffix}`;
}
