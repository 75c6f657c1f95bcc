import { csvCell, csvLine } from './csvCell';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises the formula %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['', ''],
  ])('quotes %j only when needed', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps numbers, negative ones included, as numbers', () => {
    expect(csvLine([-12.5, 3, null, undefined, true])).toBe('-12.5,3,,,true');
  });
});
