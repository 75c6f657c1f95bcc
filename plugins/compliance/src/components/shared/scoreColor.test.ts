import {
  NO_SCORE_BAND,
  SCORE_BANDS,
  scoreBand,
  scoreColor,
  scoreTextColor,
} from './scoreColor';

/** WCAG relative luminance of `#rrggbb`, or of `rgba(0, 0, 0, a)` over white. */
function luminance(color: string): number {
  let rgb: number[];
  const dark = /^rgba\(0, 0, 0, ([\d.]+)\)$/.exec(color);
  if (dark) {
    const channel = 255 * (1 - Number(dark[1]));
    rgb = [channel, channel, channel];
  } else {
    const hex = color === '#fff' ? 'ffffff' : color.slice(1);
    rgb = [0, 2, 4].map(i => parseInt(hex.slice(i, i + 2), 16));
  }
  const [r, g, b] = rgb.map(c => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('score colours', () => {
  it.each([
    [100, '#1b7f3b'],
    [95, '#1b7f3b'],
    [94.9, '#4caf50'],
    [80, '#4caf50'],
    [79.9, '#f9a825'],
    [60, '#f9a825'],
    [59.9, '#d32f2f'],
    [0, '#d32f2f'],
    [null, '#9e9e9e'],
    [undefined, '#9e9e9e'],
  ])('colours %s as %s', (score, color) => {
    expect(scoreColor(score)).toBe(color);
  });

  it('gives every band a text colour readable on it (WCAG AA, 4.5:1)', () => {
    for (const band of [...SCORE_BANDS, NO_SCORE_BAND]) {
      expect(contrast(band.text, band.background)).toBeGreaterThanOrEqual(4.5);
    }
    expect(scoreTextColor(70)).toBe(scoreBand(70).text);
  });
});
