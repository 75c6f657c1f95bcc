import { isLabelValue, toLabelValue } from './labelValue';

/** The apiserver's rule for label values. */
const VALID = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

describe('toLabelValue', () => {
  it.each([
    ['ml-platform', 'ml-platform'],
    ['CC-4711', 'CC-4711'],
    ['Data_Science.Team', 'Data_Science.Team'],
    ['CC 12/34 (R&D)', 'CC-12-34-R-D'],
    ['  padded  ', 'padded'],
    ['--dashes--', 'dashes'],
    ['a,b=c', 'a-b-c'],
    ['x'.repeat(100), 'x'.repeat(63)],
    [`${'a'.repeat(62)}-b`, 'a'.repeat(62)],
  ])('turns %p into %p', (input, expected) => {
    expect(toLabelValue(input)).toBe(expected);
  });

  it.each([
    [''],
    ['€€€'],
    ['---'],
    ['...'],
    ['ünïcødé'.replace(/[a-z]/g, '')],
    [undefined],
  ])('gives nothing for %p', input => {
    expect(toLabelValue(input)).toBeUndefined();
  });

  it.each<[string, string | undefined]>([
    ['$(rm -rf /)', 'rm-rf'],
    ['"; DROP TABLE grants; --', 'DROP-TABLE-grants'],
    ['team",namespace="kube-system', 'team-namespace-kube-system'],
    ['a\nb\tc\r\0d', 'a-b-c-d'],
    ['../../etc/passwd', 'etc-passwd'],
    ['<script>alert(1)</script>', 'script-alert-1-script'],
    ['🚀🔥 gpu-team 🔥🚀', 'gpu-team'],
    [`${'ä'.repeat(40)}x${'-'.repeat(40)}y`, 'x-y'],
    ['ＦＵＬＬＷＩＤＴＨ', undefined],
    ['\u202Eevil\u202C', 'evil'],
  ])('makes hostile %p safe: %p', (input, expected) => {
    const value = toLabelValue(input);
    expect(value).toBe(expected);
    expect(value ?? '').toMatch(VALID);
    expect((value ?? '').length).toBeLessThanOrEqual(63);
  });
});

describe('isLabelValue', () => {
  it.each([
    ['assistant-api', true],
    ['a', true],
    ['A.b_c-9', true],
    ['', false],
    [undefined, false],
    ['-leading', false],
    ['trailing.', false],
    ['has space', false],
    ['x'.repeat(64), false],
    ['component:default/x', false],
  ])('%p is a label value: %p', (value, expected) => {
    expect(isLabelValue(value)).toBe(expected);
  });
});
