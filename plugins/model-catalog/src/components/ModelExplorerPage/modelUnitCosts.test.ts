import { missingLast, modelUnitCosts } from './modelUnitCosts';
import { embedder, llama } from '../../__fixtures__/models';

const server = (
  entityRef: string | undefined,
  input: string | null,
  output: string | null,
) => ({
  entityRef,
  cluster: 'c',
  namespace: 'n',
  serverAddress: 'a.n.svc',
  models: [],
  gpuCost: '1',
  usedGpuCost: '1',
  inputTokens: 1,
  outputTokens: 1,
  costPerMillionInputTokens: input,
  costPerMillionOutputTokens: output,
});

describe('modelUnitCosts', () => {
  it('keeps the lowest input and output price of the servers a model has', () => {
    const costs = modelUnitCosts(
      [llama, embedder],
      [
        server('component:default/llama-server-ml-platform-gpu-prod', '2', '9'),
        server(
          'COMPONENT:default/llama-server-ml-platform-gpu-prod',
          '3',
          '8.5',
        ),
        server(
          'component:default/llama-server-ml-platform-gpu-prod',
          null,
          null,
        ),
        server(undefined, '0.1', '0.1'),
      ],
    );
    expect(costs.get(llama)).toEqual({
      inputText: '2',
      outputText: '8.5',
      input: 2,
      output: 8.5,
      servers: 3,
    });
    expect(costs.has(embedder)).toBe(false);
  });

  it('sorts rows without a value last in both directions', () => {
    const sort = missingLast<{ v?: number }>(r => r.v);
    const rows = [{ v: 2 }, {}, { v: 1 }];
    expect([...rows].sort((a, b) => sort(a, b, 'row')).map(r => r.v)).toEqual([
      1,
      2,
      undefined,
    ]);
    expect(
      [...rows].sort((a, b) => sort(b, a, 'row', 'desc')).map(r => r.v),
    ).toEqual([2, 1, undefined]);
  });
});
