import { ParsedFamily, parseExposition } from './parseExposition';

/** The label names of a sample line, in order. */
export function labelNames(family: ParsedFamily, index = 0): string[] {
  return family.samples[index].labels.map(([name]) => name);
}

/** Families by name. */
export function familiesByName(
  text: string,
  options?: { openMetrics?: boolean },
) {
  return new Map(parseExposition(text, options).map(f => [f.name, f]));
}

/** The value of a label on a sample, or undefined. */
export function label(
  sample: { labels: Array<[string, string]> },
  name: string,
) {
  return sample.labels.find(([n]) => n === name)?.[1];
}

/**
 * Parses sample lines without HELP/TYPE (the sampled fixtures) into
 * families, grouping by metric name.
 */
export function parseSampleLines(text: string): Map<string, ParsedFamily> {
  const byName = new Map<string, string[]>();
  for (const line of text.split('\n').filter(l => l && !l.startsWith('#'))) {
    const name = /^[^{ ]+/.exec(line)![0];
    byName.set(name, [...(byName.get(name) ?? []), line]);
  }
  const families = new Map<string, ParsedFamily>();
  for (const [name, lines] of byName) {
    const [family] = parseExposition(`${lines.join('\n')}\n`);
    families.set(name, family);
  }
  return families;
}
