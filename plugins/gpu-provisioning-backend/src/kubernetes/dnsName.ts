import { trimDashes } from '@ai-platform/plugin-gpu-provisioning-common';
/** An RFC 1123 subdomain, as Kubernetes object names (and Kueue's queue references) must be. */
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Turns catalog data into a lowercase RFC 1123 label (`[a-z0-9-]`, at most
 * 63 characters, letters or digits at both ends), for object names built
 * from a template such as the Kueue ClusterQueue's. Returns undefined when
 * nothing usable is left.
 */
export function toDnsLabel(value: string): string | undefined {
  const cleaned = trimDashes(
    trimDashes(
      value
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/-{2,}/g, '-'),
    ).slice(0, 63),
  );
  return cleaned.length > 0 ? cleaned : undefined;
}

/** Whether a name is a valid RFC 1123 subdomain of at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}
