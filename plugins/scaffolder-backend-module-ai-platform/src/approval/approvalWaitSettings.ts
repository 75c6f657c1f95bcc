import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { parseIsoDuration } from './parseIsoDuration';

const KEY = 'aiPlatform.scaffolder.gpuApproval';

/** How long and how often `gpu:request:await-approval` waits. */
export interface ApprovalWaitSettings {
  /** The wait when the step gives no `timeout`. */
  defaultTimeoutMs: number;
  /** The longest `timeout` a step may ask for. */
  maxTimeoutMs: number;
  /** The first pause between two reads of the request. */
  firstPollMs: number;
  /** The longest pause between two reads, which the backoff grows to. */
  maxPollMs: number;
  /** The portal's base URL (`app.baseUrl`), for the links in the task log; the links are paths without it. */
  appBaseUrl: string;
  /** Where the GPU provisioning page is mounted in the portal. */
  gpuPagePath: string;
}

function duration(config: Config, key: string, fallback: HumanDuration) {
  return durationToMilliseconds(
    config.has(`${KEY}.${key}`)
      ? readDurationFromConfig(config, { key: `${KEY}.${key}` })
      : fallback,
  );
}

/**
 * Reads `aiPlatform.scaffolder.gpuApproval` once, at start: a default above
 * the maximum, or a first poll above the longest, refuses to start.
 */
export function readApprovalWaitSettings(config: Config): ApprovalWaitSettings {
  const settings: ApprovalWaitSettings = {
    defaultTimeoutMs: duration(config, 'defaultTimeout', { hours: 72 }),
    maxTimeoutMs: duration(config, 'maxTimeout', { days: 7 }),
    firstPollMs: duration(config, 'firstPollInterval', { seconds: 5 }),
    maxPollMs: duration(config, 'maxPollInterval', { minutes: 5 }),
    appBaseUrl: withoutTrailingSlashes(
      config.getOptionalString('app.baseUrl') ?? '',
    ),
    gpuPagePath: withoutTrailingSlashes(
      config.getOptionalString(`${KEY}.gpuPagePath`) ?? '/gpu',
    ),
  };
  if (settings.defaultTimeoutMs > settings.maxTimeoutMs) {
    throw new Error(
      `${KEY}.defaultTimeout must not be longer than ${KEY}.maxTimeout`,
    );
  }
  if (settings.firstPollMs > settings.maxPollMs) {
    throw new Error(
      `${KEY}.firstPollInterval must not be longer than ${KEY}.maxPollInterval`,
    );
  }
  return settings;
}

function withoutTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === '/') end--;
  return value.slice(0, end);
}

/** The step's `timeout` in milliseconds: the default when absent, refused above the maximum. */
export function timeoutOf(
  settings: ApprovalWaitSettings,
  timeout: unknown,
): number {
  if (timeout === undefined) return settings.defaultTimeoutMs;
  const ms = parseIsoDuration(timeout, 'timeout');
  if (ms > settings.maxTimeoutMs) {
    throw new InputError(
      `timeout: must be at most ${formatDuration(
        settings.maxTimeoutMs,
      )} (${KEY}.maxTimeout)`,
    );
  }
  return ms;
}

/** `72h`, `7d`, `1d 12h`, `90s`: for messages. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ') || '0s';
}
