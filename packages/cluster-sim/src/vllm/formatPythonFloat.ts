/** Python's `repr(float)`: shortest round-trip digits, `.0` on integers. */
function pythonRepr(value: number): string {
  if (value === 0) {
    return Object.is(value, -0) ? '-0.0' : '0.0';
  }
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e16) {
    const s = String(value);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e');
  const exp = Number(exponent);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(
    2,
    '0',
  )}`;
}

/**
 * A value as the Python prometheus_client prints it (`floatToGoString`):
 * Python's repr, except that positive numbers of 7 or more integer digits
 * switch to Go-style exponents (`1.234567e+06`), and `+Inf`, `-Inf`, `NaN`.
 */
export function formatPythonFloat(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  const s = pythonRepr(value);
  const dot = s.indexOf('.');
  if (value > 0 && dot > 6) {
    const digits = `${s[0]}.${s.slice(1, dot)}${s.slice(dot + 1)}`;
    let end = digits.length;
    while (end > 0 && (digits[end - 1] === '0' || digits[end - 1] === '.'))
      end--;
    const mantissa = digits.slice(0, end);
    return `${mantissa}e+0${dot - 1}`;
  }
  return s;
}
