import { parseCounterCsv } from './parseCounterCsv';

describe('parseCounterCsv', () => {
  it('skips comments and blank lines and trims cells', () => {
    const text = [
      '# Format',
      '# DCGM FIELD, Prometheus metric type, help message',
      '',
      'DCGM_FI_DEV_SM_CLOCK,  gauge, SM clock frequency (in MHz).',
      '# DCGM_FI_DEV_POWER_VIOLATION,       counter, Throttling duration.',
      'DCGM_FI_DEV_DEC_UTIL ,     gauge, Decoder utilization (in %).',
      'DCGM_FI_DRIVER_VERSION,        label, Driver Version',
    ].join('\n');
    expect(parseCounterCsv(text)).toEqual([
      {
        field: 'DCGM_FI_DEV_SM_CLOCK',
        type: 'gauge',
        help: 'SM clock frequency (in MHz).',
      },
      {
        field: 'DCGM_FI_DEV_DEC_UTIL',
        type: 'gauge',
        help: 'Decoder utilization (in %).',
      },
      {
        field: 'DCGM_FI_DRIVER_VERSION',
        type: 'label',
        help: 'Driver Version',
      },
    ]);
  });

  it('keeps commas inside the help text', () => {
    expect(parseCounterCsv('F, gauge, a, b, c\n')).toEqual([
      { field: 'F', type: 'gauge', help: 'a, b, c' },
    ]);
  });

  it('rejects a line without three cells', () => {
    expect(() => parseCounterCsv('DCGM_FI_DEV_SM_CLOCK, gauge\n')).toThrow(
      /Malformed counter line/,
    );
  });
});
