import { StartEstimate } from '../api';
import { startEstimateText } from './startEstimateText';

const answer = (outcome: StartEstimate['outcome'], reason = '') => ({
  loading: false,
  value: {
    outcome,
    reason,
    quotaLimit: 8,
    quotaLeft: 0,
    freeNow: 0,
    requiresApproval: false,
  },
});

describe('startEstimateText', () => {
  it.each([
    ['nothing asked', undefined, '—'],
    ['nothing answered', { loading: false }, '—'],
    ['asking', { loading: true }, 'Checking…'],
    ['failed', { loading: false, error: new Error('x') }, 'Could not tell'],
    ['now', answer('now'), 'Now'],
    [
      'later',
      answer('later', 'Starts in about 2 h, when 1 grant ends: the reason.'),
      'In about 2 h',
    ],
    ['over-quota', answer('over-quota'), 'Not with this quota'],
    ['unknown', answer('unknown'), 'Cannot say when'],
  ])('%s', (_name, estimate, words) => {
    expect(startEstimateText(estimate)).toBe(words);
  });
});
