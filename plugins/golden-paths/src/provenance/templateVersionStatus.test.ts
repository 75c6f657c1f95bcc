import { template } from '../__testUtils__/fixtures';
import { templateVersionStatus } from './templateVersionStatus';

describe('templateVersionStatus', () => {
  it.each([
    ['1', template('t', '1'), { kind: 'up-to-date', version: '1' }],
    ['1', template('t', '2'), { kind: 'behind', from: '1', to: '2' }],
    // Versions are opaque: any difference is an upgrade to take.
    ['10', template('t', '9'), { kind: 'behind', from: '10', to: '9' }],
    [
      undefined,
      template('t', '2'),
      { kind: 'behind', from: undefined, to: '2' },
    ],
    ['1', undefined, { kind: 'template-missing' }],
    ['1', template('t'), { kind: 'template-unversioned' }],
  ])('project %s against %j', (version, tmpl, expected) => {
    expect(templateVersionStatus(version, tmpl)).toEqual(expected);
  });
});
