import { ConfigReader } from '@backstage/config';
import { parseIsoDuration } from './parseIsoDuration';
import {
  formatDuration,
  readApprovalWaitSettings,
  timeoutOf,
} from './approvalWaitSettings';

const HOUR = 3600_000;

describe('parseIsoDuration', () => {
  it.each([
    ['PT72H', 72 * HOUR],
    ['P3D', 72 * HOUR],
    ['P1W', 168 * HOUR],
    ['P1DT12H', 36 * HOUR],
    ['PT90M', 1.5 * HOUR],
    ['PT3S', 3000],
  ])('reads %s', (value, ms) => {
    expect(parseIsoDuration(value, 'timeout')).toBe(ms);
  });

  it.each([
    '',
    'P',
    'PT',
    '72h',
    'P1Y',
    'P1M',
    'PT1.5H',
    '-PT1H',
    'PT0S',
    3,
    null,
  ])('refuses %p naming the field', value => {
    expect(() => parseIsoDuration(value, 'timeout')).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(/^timeout: /),
      }),
    );
  });
});

describe('the wait settings', () => {
  it('default to 72 hours, at most 7 days, polling from 5 s to 5 min', () => {
    const settings = readApprovalWaitSettings(
      new ConfigReader({ app: { baseUrl: 'https://portal.acme.example/' } }),
    );
    expect(settings).toEqual({
      defaultTimeoutMs: 72 * HOUR,
      maxTimeoutMs: 168 * HOUR,
      firstPollMs: 5000,
      maxPollMs: 300_000,
      appBaseUrl: 'https://portal.acme.example',
      gpuPagePath: '/gpu',
    });
    expect(timeoutOf(settings, undefined)).toBe(72 * HOUR);
    expect(timeoutOf(settings, 'P2D')).toBe(48 * HOUR);
    expect(() => timeoutOf(settings, 'P8D')).toThrow(
      'timeout: must be at most 7d (aiPlatform.scaffolder.gpuApproval.maxTimeout)',
    );
  });

  it('take durations from config, and refuse a default above the maximum', () => {
    const config = (gpuApproval: object) =>
      new ConfigReader({ aiPlatform: { scaffolder: { gpuApproval } } });
    expect(
      readApprovalWaitSettings(
        config({ defaultTimeout: 'PT12H', maxTimeout: { days: 2 } }),
      ),
    ).toMatchObject({ defaultTimeoutMs: 12 * HOUR, maxTimeoutMs: 48 * HOUR });
    expect(() =>
      readApprovalWaitSettings(config({ defaultTimeout: { days: 8 } })),
    ).toThrow(
      'aiPlatform.scaffolder.gpuApproval.defaultTimeout must not be longer than aiPlatform.scaffolder.gpuApproval.maxTimeout',
    );
  });

  it('formats durations for messages', () => {
    expect(formatDuration(72 * HOUR)).toBe('3d');
    expect(formatDuration(36 * HOUR + 3000)).toBe('1d 12h 3s');
  });
});
