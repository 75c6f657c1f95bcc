import {
  formatChangeRatio,
  formatCurrency,
  formatCurrencyCompact,
  formatGpuHours,
  formatNumber,
  formatPercent,
  formatShare,
  NO_DATA,
} from './numbers';

describe('number formatters', () => {
  it('formats numbers with separators and one decimal', () => {
    expect(formatNumber(1234.56)).toBe('1,234.6');
    expect(formatNumber(8)).toBe('8');
  });

  it('formats money in dollars or the currency given', () => {
    expect(formatCurrency(2150.4)).toBe('$2,150.40');
    expect(formatCurrency(12, 'EUR')).toBe('€12.00');
    expect(formatCurrencyCompact(1500)).toBe('$1.5K');
    expect(formatCurrencyCompact(12_000_000)).toBe('$12M');
  });

  it('formats percentages, shares and changes', () => {
    expect(formatPercent(41.54)).toBe('41.5%');
    expect(formatPercent(null)).toBe(NO_DATA);
    expect(formatShare(1, 4)).toBe('25%');
    expect(formatShare(1, 0)).toBe('0%');
    expect(formatChangeRatio(0.125)).toBe('+12.5%');
    expect(formatChangeRatio(-0.03)).toBe('-3%');
    expect(formatChangeRatio(0)).toBe('0%');
  });

  it('formats GPU-hours in the singular and plural', () => {
    expect(formatGpuHours(1)).toBe('1 GPU-hour');
    expect(formatGpuHours(12.5)).toBe('12.5 GPU-hours');
  });
});
