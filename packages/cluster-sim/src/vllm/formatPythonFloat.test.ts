import { formatPythonFloat } from './formatPythonFloat';

describe('formatPythonFloat', () => {
  it.each<[number, string]>([
    [0, '0.0'],
    [1, '1.0'],
    [0.5, '0.5'],
    [0.001, '0.001'],
    [2560, '2560.0'],
    [123456, '123456.0'],
    [1234567, '1.234567e+06'],
    [1000000, '1e+06'],
    [444810000, '4.4481e+08'],
    [1772352000.25, '1.77235200025e+09'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-5, '1e-05'],
    [1e16, '1e+16'],
    [-3, '-3.0'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('formats %p as prometheus_client does: %s', (value, expected) => {
    expect(formatPythonFloat(value)).toBe(expected);
  });
});
