import { task } from '../__testUtils__/fixtures';
import { latestUpgradeTasks } from './upgradeTasks';

describe('latestUpgradeTasks', () => {
  it('keeps the newest upgrade task per project, by normalised ref', () => {
    const latest = latestUpgradeTasks([
      task('old', {
        entityRef: 'component:default/bot',
        status: 'failed',
        createdAt: '2026-12-01T10:00:00Z',
      }),
      task('new', {
        entityRef: 'Component:default/Bot',
        status: 'completed',
        createdAt: '2026-12-02T10:00:00Z',
      }),
      task('running', {
        entityRef: 'component:api',
        status: 'processing',
        createdAt: '2026-12-02T11:00:00Z',
      }),
    ]);
    expect(Object.fromEntries(latest)).toEqual({
      'component:default/bot': {
        taskId: 'new',
        state: 'awaiting-review',
        createdAt: '2026-12-02T10:00:00Z',
      },
      'component:default/api': {
        taskId: 'running',
        state: 'running',
        createdAt: '2026-12-02T11:00:00Z',
      },
    });
  });

  it('skips other templates, hostile parameters and skipped tasks', () => {
    const latest = latestUpgradeTasks([
      task('other', {
        entityRef: 'component:default/bot',
        status: 'completed',
        createdAt: '2026-12-01T10:00:00Z',
        templateRef: 'template:default/genai-application',
      }),
      task('object', {
        entityRef: { toString: 'component:default/bot' },
        status: 'completed',
        createdAt: '2026-12-01T10:00:00Z',
      }),
      task('garbage', {
        entityRef: 'not a ref:/',
        status: 'completed',
        createdAt: '2026-12-01T10:00:00Z',
      }),
      task('skipped', {
        entityRef: 'component:default/bot',
        status: 'skipped',
        createdAt: '2026-12-01T10:00:00Z',
      }),
    ]);
    expect(latest.size).toBe(0);
  });
});
