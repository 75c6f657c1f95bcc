import { historyWindows } from './historyWindows';

describe('historyWindows', () => {
  it('cuts a range at 2 h block boundaries, tiling it exactly', () => {
    const windows = historyWindows(
      new Date('2026-03-09T21:30:00Z'),
      new Date('2026-03-10T02:15:00Z'),
    );
    expect(
      windows.map(w => [w.start.toISOString(), w.end.toISOString()]),
    ).toEqual([
      ['2026-03-09T21:30:00.000Z', '2026-03-09T22:00:00.000Z'],
      ['2026-03-09T22:00:00.000Z', '2026-03-10T00:00:00.000Z'],
      ['2026-03-10T00:00:00.000Z', '2026-03-10T02:00:00.000Z'],
      ['2026-03-10T02:00:00.000Z', '2026-03-10T02:15:00.000Z'],
    ]);
  });

  it('returns nothing for an empty range', () => {
    const t = new Date('2026-03-10T00:00:00Z');
    expect(historyWindows(t, t)).toEqual([]);
  });
});
