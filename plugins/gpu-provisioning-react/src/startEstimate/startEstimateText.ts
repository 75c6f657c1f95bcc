import { StartEstimateState } from './useStartEstimate';

/**
 * The estimate's answer in a word or two, for a "Starts" line: `Now`,
 * `In about 2 h`, `Not with this quota` or `Cannot say when`; `Checking…`
 * while asked, `Could not tell` on failure and `—` before anything is asked.
 * The estimate's `reason` sentence belongs beside it when it is not `Now`.
 *
 * @public
 */
export function startEstimateText(
  estimate: StartEstimateState | undefined,
): string {
  if (!estimate || (!estimate.loading && !estimate.value && !estimate.error)) {
    return '—';
  }
  if (estimate.loading) return 'Checking…';
  if (estimate.error || !estimate.value) return 'Could not tell';
  const { outcome, reason } = estimate.value;
  if (outcome === 'now') return 'Now';
  if (outcome === 'later') {
    // "Starts in about 2 h, when …": the words before the comma.
    return reason.split(',')[0].replace(/^Starts in/, 'In');
  }
  return outcome === 'over-quota' ? 'Not with this quota' : 'Cannot say when';
}
