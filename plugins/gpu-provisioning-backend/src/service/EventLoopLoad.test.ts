import { EventLoopLoad } from './EventLoopLoad';

function spin(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // keep the loop busy on purpose
  }
}

describe('EventLoopLoad', () => {
  it('reads a loop kept busy as nearly 1 and a waiting loop as nearly 0', async () => {
    const load = new EventLoopLoad(50);
    load.utilisation();
    spin(80);
    expect(load.utilisation()).toBeGreaterThan(0.9);
    // A long wait, so that a few busy milliseconds of the test runner on a
    // loaded machine (GC, IPC, being descheduled mid-callback) stay a small
    // share of the window: the reading covers everything since the last one.
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(load.utilisation()).toBeLessThan(0.3);
  });

  it('keeps its last reading within a window', () => {
    const load = new EventLoopLoad(60_000);
    spin(20);
    expect(load.utilisation()).toBe(0);
  });
});
