import { parseExposition } from './parseExposition';

const good = [
  '# HELP a_metric A.',
  '# TYPE a_metric gauge',
  'a_metric{x="1",y="q\\"uote"} 1.5',
  'a_metric{x="2"} 2',
  '# HELP h A histogram.',
  '# TYPE h histogram',
  'h_bucket{le="1.0"} 1',
  'h_bucket{le="+Inf"} 2',
  'h_count 2',
  'h_sum 3.5',
  '',
].join('\n');

describe('parseExposition', () => {
  it('parses families, labels with escapes, and histogram suffixes', () => {
    const families = parseExposition(good);
    expect(families.map(f => [f.name, f.type, f.samples.length])).toEqual([
      ['a_metric', 'gauge', 2],
      ['h', 'histogram', 4],
    ]);
    expect(families[0].samples[0].labels).toEqual([
      ['x', '1'],
      ['y', 'q"uote'],
    ]);
  });

  it.each([
    ['a family split in two', 'a 1\nb 1\na{x="1"} 2\n', /not contiguous/],
    [
      'HELP after samples',
      '# TYPE a gauge\na 1\n# HELP a late\n',
      /HELP after samples/,
    ],
    ['a repeated TYPE', '# TYPE a gauge\n# TYPE a gauge\na 1\n', /second TYPE/],
    ['a duplicate series', 'a{x="1"} 1\na{x="1"} 2\n', /duplicate series/],
    ['a duplicate label', 'a{x="1",x="2"} 1\n', /duplicate label/],
    ['an unterminated value', 'a{x="1} 1\n', /unterminated|expected/],
    ['a bad escape', 'a{x="\\t"} 1\n', /bad escape/],
    ['a bad value', 'a 1,5\n', /bad value/],
    ['a missing newline', 'a 1', /newline/],
    ['a blank line', 'a 1\n\nb 2\n', /blank line/],
  ])('rejects %s', (_, text, error) => {
    expect(() => parseExposition(text)).toThrow(error);
  });

  it.each([
    ['no # EOF', '# TYPE a gauge\na 1 10\n', /# EOF/],
    [
      'timestamps going back',
      '# TYPE a gauge\na 1 10\na 2 5\n# EOF\n',
      /not increasing/,
    ],
    [
      'a series split in two',
      '# TYPE a gauge\na{x="1"} 1 10\na{x="2"} 1 10\na{x="1"} 1 20\n# EOF\n',
      /not contiguous/,
    ],
    [
      'the text-format type untyped',
      '# TYPE a untyped\na 1 10\n# EOF\n',
      /bad type/,
    ],
  ])('rejects OpenMetrics with %s', (_, text, error) => {
    expect(() => parseExposition(text, { openMetrics: true })).toThrow(error);
  });
});
