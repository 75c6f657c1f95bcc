import { ExporterPod } from './dcgmLabels';
import { hashKey, seededNoise } from './seededNoise';

/** The characters Kubernetes uses for generated name suffixes. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The GPU Operator's dcgm-exporter DaemonSet pod on a node, as the reference
 * Prometheus data shows it: namespace `gpu-operator`, pod
 * `nvidia-dcgm-exporter-<5 chars>`, container `nvidia-dcgm-exporter`. The
 * suffix is stable for a seed and hostname.
 */
export function defaultExporterPod(
  hostname: string,
  seed: number,
): ExporterPod {
  const key = hashKey(seed, 'nvidia-dcgm-exporter', hostname);
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    suffix +=
      SUFFIX_ALPHABET[
        Math.floor(seededNoise(key, 0, i) * SUFFIX_ALPHABET.length)
      ];
  }
  return {
    namespace: 'gpu-operator',
    pod: `nvidia-dcgm-exporter-${suffix}`,
    container: 'nvidia-dcgm-exporter',
  };
}
