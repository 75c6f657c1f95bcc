import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { testRequest } from '../kubernetes/__testUtils__/testRequest';
import { grantReleases } from './grantReleases';

describe('grantReleases', () => {
  const now = new Date('2026-12-03T12:00:00.000Z');
  const asked = {
    team: 'group:default/ml-platform',
    cluster: 'gpu-prod',
    gpuClass: 'h100',
  };

  it('frees what is held now at its end, and nothing for a window not yet started', () => {
    const active = testRequest({
      status: 'active',
      count: 2,
      expiresAt: '2026-12-03T14:00:00.000Z',
    });
    const open = {
      ...testRequest({ count: 3, expiresAt: '2026-12-03T13:00:00.000Z' }),
      status: 'active',
      startAt: '2026-12-03T11:00:00.000Z',
    } as GpuRequest;
    const later = {
      ...testRequest({ count: 4, expiresAt: '2026-12-04T12:00:00.000Z' }),
      startAt: '2026-12-04T08:00:00.000Z',
    } as GpuRequest;
    expect(grantReleases([active, open, later], asked, now)).toEqual([
      {
        at: new Date('2026-12-03T14:00:00.000Z'),
        count: 2,
        quota: true,
        capacity: true,
      },
      {
        at: new Date('2026-12-03T13:00:00.000Z'),
        count: 3,
        quota: true,
        capacity: true,
      },
    ]);
  });
});
