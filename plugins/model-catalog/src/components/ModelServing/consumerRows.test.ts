import { consumerRows } from './consumerRows';

describe('consumerRows', () => {
  const consumers = [
    { caller: 'a', inputTokens: 600, outputTokens: 150 },
    { caller: 'b', inputTokens: 100, outputTokens: 50 },
  ];

  it('shares by tokens without costs and keeps the unattributed tokens', () => {
    const { rows, shareOf } = consumerRows(consumers, {
      inputTokens: 80,
      outputTokens: 20,
    });
    expect(shareOf).toBe('tokens');
    expect(rows.map(r => [r.caller, r.tokens, r.share])).toEqual([
      ['a', 750, 0.75],
      ['b', 150, 0.15],
      ['Unattributed', 100, 0.1],
    ]);
    expect(rows[2].unattributed).toBe(true);
  });

  it('shares by cost when every row has one', () => {
    const { rows, shareOf } = consumerRows(
      [
        { ...consumers[0], cost: '3.000000001' },
        { ...consumers[1], cost: '1' },
      ],
      { inputTokens: 0, outputTokens: 0, cost: '0' },
    );
    expect(shareOf).toBe('cost');
    expect(rows.map(r => r.caller)).toEqual(['a', 'b']);
    expect(rows[0].share).toBeCloseTo(0.75, 9);
    expect(rows[0].costText).toBe('3.000000001');
  });

  it('keeps an unattributed row that has cost but no tokens, and has nothing for no data', () => {
    expect(
      consumerRows([], { inputTokens: 0, outputTokens: 0, cost: '0.5' }).rows,
    ).toHaveLength(1);
    expect(consumerRows([], { inputTokens: 0, outputTokens: 0 }).rows).toEqual(
      [],
    );
  });
});
