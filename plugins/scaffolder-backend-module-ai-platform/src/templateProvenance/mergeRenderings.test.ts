import { mergeRenderings } from './mergeRenderings';
import { ProjectFile } from './stampRendering';

const file = (text: string, mode = '100644'): ProjectFile => ({
  content: Buffer.from(text),
  mode,
});
const labels = { ours: 'project', base: 'v1', theirs: 'v2' };
const text = (f?: ProjectFile) => f?.content.toString('utf8');

describe('mergeRenderings', () => {
  it('takes the side that changed a file, additions and deletions included', () => {
    const merged = mergeRenderings({
      base: new Map([
        ['same.txt', Buffer.from('a\n')],
        ['template-changed.txt', Buffer.from('old\n')],
        ['project-changed.txt', Buffer.from('old\n')],
        ['template-deleted.txt', Buffer.from('x\n')],
        ['project-deleted.txt', Buffer.from('x\n')],
      ]),
      ours: new Map([
        ['same.txt', file('a\n')],
        ['template-changed.txt', file('old\n')],
        ['project-changed.txt', file('mine\n')],
        ['template-deleted.txt', file('x\n')],
        ['own.txt', file('own\n')],
      ]),
      theirs: new Map([
        ['same.txt', file('a\n')],
        ['template-changed.txt', file('new\n', '100755')],
        ['project-changed.txt', file('old\n')],
        ['project-deleted.txt', file('x\n')],
        ['added.txt', file('added\n')],
      ]),
      labels,
    });
    expect(
      Object.fromEntries([...merged.files].map(([p, f]) => [p, text(f)])),
    ).toEqual({
      'same.txt': 'a\n',
      'template-changed.txt': 'new\n',
      'project-changed.txt': 'mine\n',
      'template-deleted.txt': undefined,
      'own.txt': 'own\n',
      'added.txt': 'added\n',
    });
    expect(merged.files.get('template-changed.txt')?.mode).toBe('100755');
    expect(merged.changed).toEqual([
      'added.txt',
      'template-changed.txt',
      'template-deleted.txt',
    ]);
    expect(merged.conflicts).toEqual([]);
  });

  it('merges changes to different lines and marks changes to the same lines', () => {
    const merged = mergeRenderings({
      base: new Map([
        ['clean.txt', Buffer.from('1\n2\n3\n4\n5\n')],
        ['clash.txt', Buffer.from('1\n2\n3\n')],
      ]),
      ours: new Map([
        ['clean.txt', file('one\n2\n3\n4\n5\n')],
        ['clash.txt', file('1\nours\n3\n')],
      ]),
      theirs: new Map([
        ['clean.txt', file('1\n2\n3\n4\nfive\n')],
        ['clash.txt', file('1\ntheirs\n3\n')],
      ]),
      labels,
    });
    expect(text(merged.files.get('clean.txt'))).toBe('one\n2\n3\n4\nfive\n');
    expect(text(merged.files.get('clash.txt'))).toBe(
      '1\n<<<<<<< project\nours\n||||||| v1\n2\n=======\ntheirs\n>>>>>>> v2\n3\n',
    );
    expect(merged.conflicts).toEqual([
      { path: 'clash.txt', reason: 'both-changed' },
    ]);
    expect(merged.changed).toEqual(['clash.txt', 'clean.txt']);
  });

  it('lists, and never overwrites, what cannot be merged', () => {
    const binary = Buffer.from([0, 1, 2]);
    const merged = mergeRenderings({
      base: new Map([
        ['deleted-by-template.txt', Buffer.from('x\n')],
        ['deleted-by-project.txt', Buffer.from('x\n')],
        ['image.bin', binary],
      ]),
      ours: new Map([
        ['deleted-by-template.txt', file('changed\n')],
        ['both-added.txt', file('ours\n')],
        ['image.bin', { content: Buffer.from([0, 9]), mode: '100644' }],
      ]),
      theirs: new Map([
        ['deleted-by-project.txt', file('changed\n')],
        ['both-added.txt', file('theirs\n')],
        ['image.bin', { content: Buffer.from([0, 7]), mode: '100644' }],
      ]),
      labels,
    });
    expect(merged.conflicts).toEqual([
      { path: 'both-added.txt', reason: 'both-added' },
      {
        path: 'deleted-by-project.txt',
        reason: 'deleted-in-project-changed-in-template',
      },
      {
        path: 'deleted-by-template.txt',
        reason: 'changed-in-project-deleted-in-template',
      },
      { path: 'image.bin', reason: 'binary' },
    ]);
    expect(text(merged.files.get('deleted-by-template.txt'))).toBe('changed\n');
    expect(merged.files.get('deleted-by-project.txt')).toBeUndefined();
    expect(merged.files.get('image.bin')?.content).toEqual(Buffer.from([0, 9]));
    expect(text(merged.files.get('both-added.txt'))).toContain(
      '<<<<<<< project\nours\n',
    );
  });
});
