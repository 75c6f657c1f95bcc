import { mockServices } from '@backstage/backend-test-utils';
import { LabelledPod, PodLister } from '../kubernetes/KubernetesPods';
import { podListings, WorkloadPodFinder } from './WorkloadPodFinder';

const ID = 'backstage.io/kubernetes-id';

/** Pods of two clusters; each listing is recorded and filtered by selector. */
function recordingLister(pods: LabelledPod[]) {
  const calls: Array<{ cluster: string; labelSelector?: string }> = [];
  const lister: PodLister = {
    clusters: () => ['a', 'b'],
    async listLabelledPods(cluster, labelSelector) {
      calls.push({ cluster, labelSelector });
      const ids = labelSelector?.startsWith(`${ID} in (`)
        ? labelSelector.slice(ID.length + 5, -1).split(',')
        : undefined;
      return pods.filter(
        p =>
          p.cluster === cluster &&
          (!ids || ids.includes(p.labels[ID])) &&
          (!labelSelector || ids || p.labels.app === 'custom'),
      );
    },
  };
  return { lister, calls };
}

function pod(
  cluster: string,
  namespace: string,
  name: string,
  labels: Record<string, string>,
): LabelledPod {
  return { cluster, namespace, pod: name, labels };
}

describe('WorkloadPodFinder', () => {
  const logger = mockServices.logger.mock();

  it.each([1, 10, 100])(
    'lists each cluster once for a group of %i entities selected by id',
    async size => {
      const pods = Array.from({ length: size }, (_, i) =>
        pod(i % 2 ? 'a' : 'b', `ns-${i % 3}`, `svc-${i}-0`, {
          [ID]: `svc-${i}`,
        }),
      );
      const { lister, calls } = recordingLister(pods);
      const finder = WorkloadPodFinder.create({ pods: lister, logger });
      const found = await finder.findPods(
        Array.from({ length: size }, (_, i) => ({
          ref: `component:default/svc-${i}`,
          selector: { labelSelector: `${ID}=svc-${i}` },
        })),
      );
      expect(calls).toHaveLength(2);
      expect(calls.map(c => c.cluster).sort()).toEqual(['a', 'b']);
      for (let i = 0; i < size; i++) {
        expect(found.pods.get(`component:default/svc-${i}`)).toEqual([
          {
            cluster: i % 2 ? 'a' : 'b',
            namespace: `ns-${i % 3}`,
            pod: `svc-${i}-0`,
          },
        ]);
      }
    },
  );

  it('shares listed pods out by selector and namespace, a pod counted for every entity it matches', async () => {
    const { lister, calls } = recordingLister([
      pod('a', 'team', 'web-0', { [ID]: 'web', app: 'custom' }),
      pod('a', 'other', 'web-1', { [ID]: 'web' }),
      pod('a', 'team', 'batch-0', { app: 'custom', tier: 'gpu' }),
    ]);
    const finder = WorkloadPodFinder.create({ pods: lister, logger });
    const found = await finder.findPods([
      { ref: 'web', selector: { labelSelector: `${ID}=web` } },
      {
        ref: 'web-in-team',
        selector: { labelSelector: `${ID}=web`, namespace: 'team' },
      },
      { ref: 'custom', selector: { labelSelector: 'app=custom' } },
      {
        ref: 'gpu-tier',
        selector: { labelSelector: 'app=custom,tier in (gpu)' },
      },
    ]);
    // Per cluster: the ids at once, and every pod for the two other selectors.
    expect(calls).toEqual([
      { cluster: 'a', labelSelector: `${ID} in (web)` },
      { cluster: 'a', labelSelector: undefined },
      { cluster: 'b', labelSelector: `${ID} in (web)` },
      { cluster: 'b', labelSelector: undefined },
    ]);
    const names = (ref: string) =>
      found.pods
        .get(ref)!
        .map(p => p.pod)
        .sort();
    expect(names('web')).toEqual(['web-0', 'web-1']);
    expect(names('web-in-team')).toEqual(['web-0']);
    expect(names('custom')).toEqual(['batch-0', 'web-0']);
    expect(names('gpu-tier')).toEqual(['batch-0']);
  });

  it('asks nothing for no selectors, and names a failing cluster', async () => {
    const { lister, calls } = recordingLister([]);
    const finder = WorkloadPodFinder.create({ pods: lister, logger });
    expect((await finder.findPods([])).pods.size).toBe(0);
    expect(calls).toHaveLength(0);
    const failing = WorkloadPodFinder.create({
      pods: {
        clusters: () => ['a'],
        listLabelledPods: async () => {
          throw Object.assign(new Error('https://secret'), { code: 403 });
        },
      },
      logger,
    });
    const found = await failing.findPods([
      { ref: 'web', selector: { labelSelector: `${ID}=web` } },
    ]);
    expect(found.errors).toEqual([
      { cluster: 'a', message: "Listing pods on cluster 'a' failed (403)" },
    ]);
  });
});

describe('podListings', () => {
  it('uses one id set, a lone custom selector as it is, and every pod for several', () => {
    expect(
      podListings([
        { labelSelector: `${ID}=b` },
        { labelSelector: `${ID}==a` },
        { labelSelector: `${ID}=b`, namespace: 'x' },
      ]),
    ).toEqual([`${ID} in (a,b)`]);
    expect(
      podListings([{ labelSelector: `${ID}=a` }, { labelSelector: 'app=x' }]),
    ).toEqual([`${ID} in (a)`, 'app=x']);
    expect(
      podListings([{ labelSelector: 'app=x' }, { labelSelector: 'app=y' }]),
    ).toEqual([undefined]);
  });
});
