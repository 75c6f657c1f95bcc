import { project, template } from '../__testUtils__/fixtures';
import { buildFleet, ownersOf } from './buildFleet';

const genai = 'template:default/genai-application';
const training = 'template:default/gpu-training-job';

describe('buildFleet', () => {
  const templates = [
    template('genai-application', '2'),
    template('gpu-training-job', '1'),
  ];
  const projects = [
    project('bot-a', { templateRef: genai, version: '2' }),
    project('bot-b', { templateRef: genai, version: '1', owner: 'search' }),
    project('bot-c', { templateRef: genai, version: '1' }),
    project('bot-d', { templateRef: genai }),
    project('orphan', {
      templateRef: 'template:default/deleted',
      version: '4',
    }),
    project('broken', { templateRef: 'component:default/nope', version: '1' }),
  ];

  it('groups projects by template with versions, drift and open upgrades', () => {
    const fleet = buildFleet({
      templates,
      projects,
      upgrades: new Map([
        [
          'component:default/bot-b',
          { taskId: 't1', state: 'awaiting-review' as const, createdAt: 'x' },
        ],
        // Completed, but the project is current: the branch was merged.
        [
          'component:default/bot-a',
          { taskId: 't0', state: 'awaiting-review' as const, createdAt: 'x' },
        ],
      ]),
    });
    expect(
      fleet.map(t => [t.templateRef, t.inCatalog, t.currentVersion]),
    ).toEqual([
      [genai, true, '2'],
      [training, true, '1'],
      ['template:default/deleted', false, undefined],
    ]);
    const [g, t, deleted] = fleet;
    expect(
      g.projects.map(p => [p.entityRef, p.status.kind, p.upgrade?.taskId]),
    ).toEqual([
      ['component:default/bot-a', 'up-to-date', undefined],
      ['component:default/bot-b', 'behind', 't1'],
      ['component:default/bot-c', 'behind', undefined],
      ['component:default/bot-d', 'behind', undefined],
    ]);
    expect(g.versions).toEqual([
      { version: '1', count: 2, current: false },
      { version: '2', count: 1, current: true },
      { version: 'unrecorded', count: 1, current: false },
    ]);
    expect([g.behind, g.openUpgrades]).toEqual([3, 1]);
    expect(t.projects).toEqual([]);
    expect(deleted.projects.map(p => p.status.kind)).toEqual([
      'template-missing',
    ]);
  });

  it('leaves upgrades out when the tasks were not readable', () => {
    const [g] = buildFleet({ templates, projects });
    expect(g.openUpgrades).toBe(0);
    expect(g.projects.every(p => p.upgrade === undefined)).toBe(true);
  });
});

describe('ownersOf', () => {
  it('reads ownedBy relations, else spec.owner in the entity namespace', () => {
    expect(ownersOf(project('a', { owner: 'Search' }))).toEqual([
      'group:default/search',
    ]);
    const noRelations = {
      ...project('a', { owner: 'user:jane' }),
      relations: [],
    };
    expect(ownersOf(noRelations)).toEqual(['user:default/jane']);
  });
});
