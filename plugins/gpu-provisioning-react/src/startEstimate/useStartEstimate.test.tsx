import { ReactNode } from 'react';
import { renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { gpuProvisioningApiRef, StartEstimateOptions } from '../api';
import { useStartEstimate } from './useStartEstimate';

const later = {
  outcome: 'later',
  startsAt: '2026-12-04T12:00:00Z',
  binding: 'capacity',
  waitsFor: 2,
  quotaLimit: 8,
  quotaLeft: 8,
  freeNow: 1,
  requiresApproval: false,
  reason:
    'Starts in about 2 h, when 2 grants end: gpu-b has 1 H100 GPUs free and you asked for 3.',
};

const ask = (count: number) => ({
  team: 'group:default/ml-platform',
  cluster: 'gpu-b',
  gpuClass: 'h100',
  count,
  durationHours: 4,
});

function setup() {
  const api = gpuProvisioningApiMock({
    getStartEstimate: jest.fn().mockResolvedValue(later),
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[gpuProvisioningApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
  type Props = { query?: StartEstimateOptions; version: number };
  const initialProps: Props = { query: undefined, version: 0 };
  const hook = renderHook(
    ({ query, version }: Props) => useStartEstimate(query, version),
    { wrapper, initialProps },
  );
  return { api, ...hook };
}

describe('useStartEstimate', () => {
  it('asks nothing for an incomplete choice', async () => {
    const { api, result } = setup();
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(api.getStartEstimate).not.toHaveBeenCalled();
    expect(result.current.value).toBeUndefined();
    expect(result.current.error).toBeUndefined();
  });

  it('asks once typing pauses, with the last choice, and answers with the estimate', async () => {
    const { api, result, rerender } = setup();
    rerender({ query: ask(1), version: 0 });
    rerender({ query: ask(2), version: 0 });
    rerender({ query: ask(3), version: 0 });
    await waitFor(() => expect(result.current.value).toEqual(later));
    expect(api.getStartEstimate).toHaveBeenCalledTimes(1);
    expect(api.getStartEstimate).toHaveBeenCalledWith(ask(3));
  });

  it('asks again for the same choice when the version changes, and not for an equal new object', async () => {
    const { api, result, rerender } = setup();
    rerender({ query: ask(3), version: 0 });
    await waitFor(() => expect(result.current.value).toEqual(later));
    rerender({ query: ask(3), version: 0 });
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(api.getStartEstimate).toHaveBeenCalledTimes(1);
    rerender({ query: ask(3), version: 1 });
    await waitFor(() => expect(api.getStartEstimate).toHaveBeenCalledTimes(2));
  });
});
