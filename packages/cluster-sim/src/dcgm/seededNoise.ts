/** Length of one exporter refresh: dcgm-exporter's default collect interval. */
export const SAMPLE_PERIOD_MS = 30_000;

function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit key for a seed and some identifying strings (FNV-1a, then mixed). */
export function hashKey(seed: number, ...parts: string[]): number {
  let h = (0x811c9dc5 ^ fmix32(seed >>> 0)) >>> 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      h ^= part.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    // Separator, so ('ab', 'c') and ('a', 'bc') differ.
    h = Math.imul(h ^ 0xff, 0x01000193);
  }
  return fmix32(h);
}

/**
 * Deterministic noise in [0, 1) for a key, a channel (which quantity) and an
 * integer slot (a time bucket, an hour...). Pure integer hashing, so it is
 * cheap enough to call for every sample of a multi-day history.
 */
export function seededNoise(
  key: number,
  channel: number,
  slot: number,
): number {
  const h = fmix32((key ^ Math.imul(channel + 1, 0x9e3779b9)) >>> 0);
  const lo = slot | 0;
  const hi = Math.floor(slot / 4294967296) | 0;
  return fmix32((fmix32((h ^ lo) >>> 0) ^ hi) >>> 0) / 4294967296;
}

/** Start of the exporter refresh bucket containing `t` (ms). */
export function bucketStart(t: number): number {
  return Math.floor(t / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
}
