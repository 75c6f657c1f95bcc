import { summariseMonth } from './summariseMonth';
import { dailyReport } from '../../__fixtures__/cost';

const report = (lastDay: string) =>
  dailyReport({
    entityRef: 'component:default/x',
    from: '2026-09-01',
    to: '2026-11-22',
    splitBy: 'service',
    series: [
      { key: 'a', label: 'A', amount: d => (d <= lastDay ? 2 : 0) },
      { key: 'b', label: 'B', amount: d => (d >= '2026-11-01' ? 1 : 0) },
    ],
  });

describe('summariseMonth', () => {
  it('compares this month so far with the same days of last month', () => {
    const summary = summariseMonth(report('2026-11-22'), '2026-11-22');
    expect(summary).toMatchObject({
      thisMonth: 66,
      previous: 44,
      change: { amount: 22, ratio: 0.5 },
      previousLabel: '1 Oct 2026 – 22 Oct 2026',
      through: '2026-11-22',
    });
    expect(summary.series.map(s => [s.key, s.total])).toEqual([
      ['a', 44],
      ['b', 22],
    ]);
  });

  it('stops at the last day with cost, so that lagging data compares fairly', () => {
    const summary = summariseMonth(
      dailyReport({
        entityRef: 'component:default/x',
        from: '2026-09-01',
        to: '2026-11-22',
        series: [
          { key: 'a', label: 'A', amount: d => (d <= '2026-11-20' ? 3 : 0) },
        ],
      }),
      '2026-11-22',
    );
    expect(summary).toMatchObject({
      thisMonth: 60,
      previous: 60,
      change: { amount: 0, ratio: 0 },
      previousLabel: '1 Oct 2026 – 20 Oct 2026',
      through: '2026-11-20',
    });
  });

  it('clamps to the end of a shorter last month', () => {
    const summary = summariseMonth(
      dailyReport({
        entityRef: 'component:default/x',
        from: '2026-01-01',
        to: '2026-03-31',
        series: [{ key: 'a', label: 'A', amount: () => 1 }],
      }),
      '2026-03-31',
    );
    expect(summary.previousLabel).toBe('1 Feb 2026 – 28 Feb 2026');
    expect(summary.previous).toBe(28);
    expect(summary.thisMonth).toBe(31);
  });

  it('has no ratio against an empty last month', () => {
    const summary = summariseMonth(
      dailyReport({
        entityRef: 'component:default/x',
        from: '2026-09-01',
        to: '2026-11-22',
        series: [
          { key: 'a', label: 'A', amount: d => (d >= '2026-11-01' ? 1 : 0) },
        ],
      }),
      '2026-11-22',
    );
    expect(summary.change).toEqual({ amount: 22, ratio: null });
  });
});
