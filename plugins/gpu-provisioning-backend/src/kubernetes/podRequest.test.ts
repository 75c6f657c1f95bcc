import { V1Container, V1Pod } from '@kubernetes/client-node';
import { podRequest } from './podRequest';

const GPU = 'nvidia.com/gpu';

const container = (
  name: string,
  resources: V1Container['resources'],
  restartPolicy?: string,
): V1Container => ({ name, image: 'busybox:1.36', resources, restartPolicy });

const pod = (spec: Partial<NonNullable<V1Pod['spec']>>): V1Pod => ({
  spec: { containers: [], ...spec },
});

describe('podRequest', () => {
  it.each<[string, V1Pod, number]>([
    [
      'a request',
      pod({ containers: [container('a', { requests: { [GPU]: '2' } })] }),
      2,
    ],
    [
      'a limit alone',
      pod({ containers: [container('a', { limits: { [GPU]: '4' } })] }),
      4,
    ],
    [
      'the request over the limit',
      pod({
        containers: [
          container('a', { requests: { [GPU]: '1' }, limits: { [GPU]: '1' } }),
        ],
      }),
      1,
    ],
    [
      'the sum of containers',
      pod({
        containers: [
          container('a', { limits: { [GPU]: '1' } }),
          container('b', { requests: { [GPU]: '2' } }),
          container('c', { requests: { cpu: '1' } }),
        ],
      }),
      3,
    ],
    [
      'the largest init container when it is larger',
      pod({
        initContainers: [container('init', { limits: { [GPU]: '8' } })],
        containers: [container('a', { limits: { [GPU]: '2' } })],
      }),
      8,
    ],
    [
      'sidecars on top of the containers',
      pod({
        initContainers: [
          container('sidecar', { limits: { [GPU]: '1' } }, 'Always'),
          container('init', { limits: { [GPU]: '2' } }),
        ],
        containers: [container('a', { limits: { [GPU]: '2' } })],
      }),
      3,
    ],
    [
      'an init container after a sidecar, with the sidecar',
      pod({
        initContainers: [
          container('sidecar', { limits: { [GPU]: '1' } }, 'Always'),
          container('init', { limits: { [GPU]: '4' } }),
        ],
        containers: [container('a', { limits: { [GPU]: '1' } })],
      }),
      5,
    ],
    [
      'pod overhead',
      pod({
        containers: [container('a', { limits: { [GPU]: '1' } })],
        overhead: { [GPU]: '1' },
      }),
      2,
    ],
    ['nothing', pod({ containers: [container('a', {})] }), 0],
    ['no spec', {}, 0],
  ])('counts %s', (_case, input, expected) => {
    expect(podRequest(input, GPU)).toBe(expected);
  });

  it('counts only the resource asked for', () => {
    const p = pod({
      containers: [
        container('a', { limits: { 'nvidia.com/mig-1g.10gb': '2' } }),
      ],
    });
    expect(podRequest(p, 'nvidia.com/mig-1g.10gb')).toBe(2);
    expect(podRequest(p, GPU)).toBe(0);
  });
});
