/** Text dark enough to read on the light bands. */
const DARK_TEXT = 'rgba(0, 0, 0, 0.87)';
const LIGHT_TEXT = '#fff';

/** A band of scores as the heat maps colour it. */
export interface ScoreBand {
  /** The lowest score in the band; absent for "nothing in scope". */
  from?: number;
  background: string;
  /** The text colour that reads on the background (WCAG AA contrast). */
  text: string;
  /** The band in words, for the legend. */
  label: string;
}

/** Highest first: a score falls in the first band it reaches. */
export const SCORE_BANDS: readonly ScoreBand[] = [
  { from: 95, background: '#1b7f3b', text: LIGHT_TEXT, label: '95 and above' },
  { from: 80, background: '#4caf50', text: DARK_TEXT, label: '80 to 95' },
  { from: 60, background: '#f9a825', text: DARK_TEXT, label: '60 to 80' },
  { from: 0, background: '#d32f2f', text: LIGHT_TEXT, label: 'below 60' },
];

/** The band of "no score": nothing in scope. */
export const NO_SCORE_BAND: ScoreBand = {
  background: '#9e9e9e',
  text: DARK_TEXT,
  label: 'nothing in scope',
};

/** The band a score falls in. */
export function scoreBand(score: number | null | undefined): ScoreBand {
  if (score === null || score === undefined) return NO_SCORE_BAND;
  return (
    SCORE_BANDS.find(band => score >= band.from!) ??
    SCORE_BANDS[SCORE_BANDS.length - 1]
  );
}

/** A heat map colour for a score: red below 60, amber to 80, green from 80, grey for none. */
export function scoreColor(score: number | null | undefined): string {
  return scoreBand(score).background;
}

/** The text colour that reads on {@link scoreColor} of the same score. */
export function scoreTextColor(score: number | null | undefined): string {
  return scoreBand(score).text;
}

/** A score as text: `87.5` or an en dash when nothing applies. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '–' : `${score}`;
}
