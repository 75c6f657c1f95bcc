/** A heat map colour for a score: red below 60, amber to 80, green from 80, grey for none. */
export function scoreColor(score: number | null | undefined): string {
  if (score === null || score === undefined) return '#9e9e9e';
  if (score >= 95) return '#1b7f3b';
  if (score >= 80) return '#4caf50';
  if (score >= 60) return '#f9a825';
  return '#d32f2f';
}

/** A score as text: `87.5` or an en dash when nothing applies. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '–' : `${score}`;
}
