import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { testRequest } from '../kubernetes/__testUtils__/testRequest';
import { grantBookings, grantReleases } from './grantReleases';

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

  it("books a window not yet started against the team's quota and the cluster's capacity, whoever booked it", () => {
    const ours = {
      ...testRequest({ count: 4, expiresAt: '2026-12-04T12:00:00.000Z' }),
      startAt: '2026-12-04T08:00:00.000Z',
    } as GpuRequest;
    const theirs = {
      ...testRequest({
        team: 'group:default/vision',
        count: 3,
        expiresAt: '2026-12-03T20:00:00.000Z',
      }),
      startAt: '2026-12-03T16:00:00.000Z',
    } as GpuRequest;
    const elsewhere = { ...ours, id: 'x', cluster: 'gpu-dev' } as GpuRequest;
    const started = {
      ...ours,
      id: 'y',
      startAt: '2026-12-03T11:00:00.000Z',
    } as GpuRequest;
    expect(
      grantBookings([ours, theirs, elsewhere, started], asked, now),
    ).toEqual([
      {
        start: new Date('2026-12-04T08:00:00.000Z'),
        end: new Date('2026-12-04T12:00:00.000Z'),
        count: 4,
        quota: true,
        capacity: true,
      },
      {
        start: new Date('2026-12-03T16:00:00.000Z'),
        end: new Date('2026-12-03T20:00:00.000Z'),
        count: 3,
        quota: false,
        capacity: true,
      },
      {
        start: new Date('2026-12-04T08:00:00.000Z'),
        end: new Date('2026-12-04T12:00:00.000Z'),
        count: 4,
        quota: true,
        capacity: false,
      },
    ]);
  });
});
