import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { makeRequest } from '../../__fixtures__/gpu';
import { windowOf } from '../../utils/schedule';
import { HowToUse } from './HowToUse';

const HOUR_MS = 3_600_000;

describe('HowToUse', () => {
  it.each([
    ['an active grant', { status: 'active' as const }, /^Your GPUs are quota/],
    [
      'a request waiting for an approver',
      { status: 'pending-approval' as const, namespace: undefined },
      /^Once approved, your GPUs will be quota/,
    ],
    [
      'a grant being applied',
      { status: 'provisioning' as const, namespace: undefined },
      /^Once provisioned, your GPUs will be quota/,
    ],
  ])('says when the GPUs are reachable for %s', async (_, fields, text) => {
    await renderInTestApp(<HowToUse request={makeRequest(fields)} />);
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('names the booked window of a scheduled request', async () => {
    const request = makeRequest({
      status: 'approved',
      namespace: undefined,
      activeSince: undefined,
      expiresAt: undefined,
      startAt: new Date(Date.now() + 26 * HOUR_MS).toISOString(),
      durationHours: 4,
    });
    await renderInTestApp(<HowToUse request={request} />);
    expect(
      screen.getByText(
        new RegExp(`^For ${escape(windowOf(request)!)}, your GPUs will be`),
      ),
    ).toBeInTheDocument();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
