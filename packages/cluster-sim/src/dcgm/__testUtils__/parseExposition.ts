/** One sample line. */
export interface ParsedSample {
  name: string;
  labels: Array<[string, string]>;
  value: number;
  /** The value exactly as written. */
  rawValue: string;
  /** Timestamp as written (OpenMetrics: seconds), if any. */
  timestamp?: string;
}

/** A metric family: its metadata and its samples, in order. */
export interface ParsedFamily {
  name: string;
  help?: string;
  type?: string;
  samples: ParsedSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const VALUE =
  /^(?:[+-]?(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]Inf|NaN)$/;

const SPECIAL_VALUES: Record<string, number> = {
  '+Inf': Infinity,
  '-Inf': -Infinity,
};

const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

function parseLabels(
  text: string,
  lineNo: number,
): [Array<[string, string]>, string] {
  const labels: Array<[string, string]> = [];
  let rest = text.slice(1);
  const seen = new Set<string>();
  for (;;) {
    if (rest.startsWith('}')) {
      return [labels, rest.slice(1)];
    }
    const name = LABEL_NAME.exec(rest)?.[0];
    if (!name || rest[name.length] !== '=' || rest[name.length + 1] !== '"') {
      throw new Error(`line ${lineNo}: bad label at "${rest}"`);
    }
    if (seen.has(name)) {
      throw new Error(`line ${lineNo}: duplicate label ${name}`);
    }
    seen.add(name);
    let i = name.length + 2;
    let value = '';
    for (;;) {
      const c = rest[i];
      if (c === undefined) {
        throw new Error(`line ${lineNo}: unterminated label value`);
      }
      if (c === '\\') {
        const n = rest[i + 1];
        if (n === 'n') value += '\n';
        else if (n === '\\' || n === '"') value += n;
        else throw new Error(`line ${lineNo}: bad escape \\${n}`);
        i += 2;
      } else if (c === '"') {
        i++;
        break;
      } else {
        value += c;
        i++;
      }
    }
    labels.push([name, value]);
    rest = rest.slice(i);
    if (rest.startsWith(',')) {
      rest = rest.slice(1);
    } else if (!rest.startsWith('}')) {
      throw new Error(`line ${lineNo}: expected , or } at "${rest}"`);
    }
  }
}

/**
 * A strict parser for the Prometheus text format and the OpenMetrics subset
 * the simulator writes. It throws on anything malformed and on what the
 * formats forbid: a family's samples not contiguous, HELP or TYPE repeated or
 * after samples, duplicate series (without timestamps), timestamps going
 * backwards within a series, a sample outside its family's names, and (in
 * OpenMetrics) a missing `# EOF`.
 */
export function parseExposition(
  text: string,
  options: { openMetrics?: boolean } = {},
): ParsedFamily[] {
  if (!text.endsWith('\n')) {
    throw new Error('exposition must end with a newline');
  }
  const lines = text.slice(0, -1).split('\n');
  if (options.openMetrics) {
    if (lines[lines.length - 1] !== '# EOF') {
      throw new Error('OpenMetrics text must end with # EOF');
    }
    lines.pop();
  }
  const families: ParsedFamily[] = [];
  const closed = new Set<string>();
  let current: ParsedFamily | undefined;
  const seriesSeen = new Set<string>();
  let lastSeries = '';
  let lastTimestamp = -Infinity;

  const familyFor = (name: string, lineNo: number) => {
    if (current?.name === name) {
      return current;
    }
    if (current) {
      closed.add(current.name);
    }
    if (closed.has(name)) {
      throw new Error(`line ${lineNo}: family ${name} is not contiguous`);
    }
    current = { name, samples: [] };
    families.push(current);
    return current;
  };

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (line.startsWith('#')) {
      const match = /^# (HELP|TYPE|UNIT) (\S+)(?: (.*))?$/.exec(line);
      if (!match) {
        throw new Error(`line ${lineNo}: unexpected comment ${line}`);
      }
      const [, kind, name, rest = ''] = match;
      const family = familyFor(name, lineNo);
      if (family.samples.length > 0) {
        throw new Error(`line ${lineNo}: ${kind} after samples of ${name}`);
      }
      if (kind === 'HELP') {
        if (family.help !== undefined)
          throw new Error(`line ${lineNo}: second HELP`);
        family.help = rest;
      } else if (kind === 'TYPE') {
        if (family.type !== undefined)
          throw new Error(`line ${lineNo}: second TYPE`);
        const allowed = options.openMetrics
          ? [
              'counter',
              'gauge',
              'histogram',
              'summary',
              'unknown',
              'info',
              'stateset',
              'gaugehistogram',
            ]
          : ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
        if (!allowed.includes(rest))
          throw new Error(`line ${lineNo}: bad type ${rest}`);
        family.type = rest;
      }
      return;
    }
    if (line.trim() === '') {
      throw new Error(`line ${lineNo}: blank line`);
    }
    const name = NAME.exec(line)?.[0];
    if (!name) {
      throw new Error(`line ${lineNo}: bad metric name in ${line}`);
    }
    let rest = line.slice(name.length);
    let labels: Array<[string, string]> = [];
    if (rest.startsWith('{')) {
      [labels, rest] = parseLabels(rest, lineNo);
    }
    const parts = rest.split(' ');
    if (parts[0] !== '' || parts.length < 2 || parts.length > 3) {
      throw new Error(
        `line ${lineNo}: expected " value [timestamp]" in ${line}`,
      );
    }
    const [, rawValue, timestamp] = parts;
    if (!VALUE.test(rawValue)) {
      throw new Error(`line ${lineNo}: bad value ${rawValue}`);
    }
    if (timestamp !== undefined && !/^-?\d+(\.\d+)?$/.test(timestamp)) {
      throw new Error(`line ${lineNo}: bad timestamp ${timestamp}`);
    }
    let family = current;
    const belongs =
      family &&
      (family.name === name ||
        (SUFFIXES[family.type ?? ''] ?? []).some(
          s => family!.name + s === name,
        ));
    if (!belongs) {
      family = familyFor(name, lineNo);
    }
    const seriesKey = `${name}${JSON.stringify(labels)}`;
    if (timestamp === undefined) {
      if (seriesSeen.has(seriesKey)) {
        throw new Error(`line ${lineNo}: duplicate series ${seriesKey}`);
      }
    } else {
      const ts = Number(timestamp);
      if (seriesKey === lastSeries) {
        if (ts <= lastTimestamp)
          throw new Error(`line ${lineNo}: timestamp not increasing`);
      } else if (seriesSeen.has(seriesKey)) {
        throw new Error(`line ${lineNo}: series ${seriesKey} not contiguous`);
      }
      lastTimestamp = ts;
    }
    seriesSeen.add(seriesKey);
    lastSeries = seriesKey;
    const value = SPECIAL_VALUES[rawValue] ?? Number(rawValue);
    family!.samples.push({ name, labels, value, rawValue, timestamp });
  });
  return families;
}
