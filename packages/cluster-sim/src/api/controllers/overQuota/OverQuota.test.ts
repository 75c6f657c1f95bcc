import { OverQuota, PlacedPod } from './OverQuota';
import {
  kaiSharingQueue,
  SharingQueue,
  volcanoSharingQueue,
} from './queueTree';

// A department of two teams: alpha deserves 4 GPUs, beta 2; beta may use up
// to 4 (borrowing 2); the department holds their 6.
const queues = (betaReclaimable = true): SharingQueue[] => [
  { name: 'dept', quota: 6, limit: 6, reclaimable: true },
  { name: 'alpha', parent: 'dept', quota: 4, limit: 6, reclaimable: true },
  {
    name: 'beta',
    parent: 'dept',
    quota: 2,
    limit: 4,
    reclaimable: betaReclaimable,
  },
];

let n = 0;
const pod = (queue: string, gpus: number, extra: Partial<PlacedPod> = {}) => {
  n += 1;
  return {
    uid: `uid-${n}`,
    namespace: queue,
    name: `pod-${n}`,
    queue,
    gpus,
    priority: 0,
    created: `2026-12-04T10:00:0${n % 10}Z`,
    ...extra,
  };
};
const anyNode = () => true;

describe('OverQuota', () => {
  it('lets a queue borrow above its quota up to its limit and its parent’s', () => {
    const model = new OverQuota(queues(), [pod('beta', 2)]);
    expect(model.limitBlocker({ queue: 'beta', gpus: 2 })).toBeUndefined();
    expect(model.limitBlocker({ queue: 'beta', gpus: 3 })?.name).toBe('beta');
    model.place(pod('beta', 2));
    expect(model.usedBy('dept')).toBe(4);
    expect(model.isOverQuota('beta')).toBe(true);
    // The department's limit bounds alpha now: 4 + 4 > 6.
    expect(model.limitBlocker({ queue: 'alpha', gpus: 4 })?.name).toBe('dept');
  });

  it('reclaims the borrower’s pods, lowest priority then newest first, until the owner fits', () => {
    const oldLow = pod('beta', 1, { created: '2026-12-04T09:00:00Z' });
    const high = pod('beta', 1, { priority: 100 });
    const newLow = pod('beta', 1, { created: '2026-12-04T09:30:00Z' });
    const within = pod('beta', 1, { created: '2026-12-04T08:00:00Z' });
    const model = new OverQuota(queues(), [oldLow, high, newLow, within]);
    const victims = model.reclaimFor({ queue: 'alpha', gpus: 4 }, anyNode);
    expect(victims?.map(v => v.name)).toEqual([newLow.name, oldLow.name]);
    expect(model.usedBy('beta')).toBe(2);
    expect(model.limitBlocker({ queue: 'alpha', gpus: 4 })).toBeUndefined();
  });

  it('takes nothing from a queue at or below its quota, nor for a queue that asks above its own', () => {
    const model = new OverQuota(queues(), [pod('beta', 2), pod('alpha', 4)]);
    // Beta is within its quota: alpha asking for more borrows nothing back.
    expect(model.reclaimFor({ queue: 'alpha', gpus: 1 }, anyNode)).toBe(
      undefined,
    );
    const borrowed = new OverQuota(queues(), [pod('beta', 4)]);
    // Alpha asking 5 would be above its quota of 4: no reclaim.
    expect(borrowed.reclaimFor({ queue: 'alpha', gpus: 5 }, anyNode)).toBe(
      undefined,
    );
    expect(borrowed.usedBy('beta')).toBe(4);
  });

  it('honours Volcano’s reclaimable: false', () => {
    const model = new OverQuota(queues(false), [pod('beta', 4)]);
    expect(model.reclaimFor({ queue: 'alpha', gpus: 4 }, anyNode)).toBe(
      undefined,
    );
  });

  it('evicts nothing when the freed GPUs would still not fit on a node', () => {
    const model = new OverQuota(queues(), [pod('beta', 4)]);
    expect(model.reclaimFor({ queue: 'alpha', gpus: 4 }, () => false)).toBe(
      undefined,
    );
    expect(model.usedBy('dept')).toBe(4);
  });

  it('reads KAI’s and Volcano’s queues', () => {
    expect(
      kaiSharingQueue({
        metadata: { name: 'beta' },
        spec: {
          parentQueue: 'dept',
          resources: { gpu: { quota: 2, limit: -1, overQuotaWeight: 1 } },
        },
      }),
    ).toEqual({
      name: 'beta',
      parent: 'dept',
      quota: 2,
      limit: undefined,
      reclaimable: true,
    });
    expect(
      volcanoSharingQueue(
        {
          metadata: { name: 'beta' },
          spec: {
            parent: 'dept',
            guarantee: { resource: { 'nvidia.com/gpu': '2' } },
            deserved: { 'nvidia.com/gpu': '2' },
            capability: { 'nvidia.com/gpu': '4' },
            reclaimable: false,
          },
        },
        'nvidia.com/gpu',
      ),
    ).toEqual({
      name: 'beta',
      parent: 'dept',
      quota: 2,
      limit: 4,
      reclaimable: false,
    });
  });
});
