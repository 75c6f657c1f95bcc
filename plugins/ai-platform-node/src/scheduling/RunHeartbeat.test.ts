import { RunHeartbeat, replicaId } from './RunHeartbeat';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('RunHeartbeat', () => {
  it('beats every interval, one beat at a time, until stopped', async () => {
    let running = 0;
    let most = 0;
    let beats = 0;
    const heartbeat = RunHeartbeat.start({
      intervalMs: 10,
      beat: async () => {
        running++;
        most = Math.max(most, running);
        await sleep(25);
        beats++;
        running--;
      },
      onError: () => {},
    });
    // Wait for beats, not for a fixed time: a loaded test run delays timers.
    for (const deadline = Date.now() + 10_000; beats < 3; ) {
      if (Date.now() > deadline) break;
      await sleep(10);
    }
    await heartbeat.stop();
    const stoppedAt = beats;
    await sleep(100);
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    expect(beats).toBe(stoppedAt);
    expect(most).toBe(1);
    expect(running).toBe(0);
  });

  it('reports a failed beat and goes on beating', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const heartbeat = RunHeartbeat.start({
      intervalMs: 5,
      beat: async () => {
        calls++;
        if (calls === 1) throw new Error('database unavailable');
      },
      onError: error => errors.push(error),
    });
    await sleep(80);
    await heartbeat.stop();
    expect(errors).toEqual([new Error('database unavailable')]);
    expect(calls).toBeGreaterThan(2);
  });
});

describe('replicaId', () => {
  it('is one id for the life of the process, naming its pid', () => {
    expect(replicaId()).toBe(replicaId());
    expect(replicaId()).toContain(`:${process.pid}:`);
  });
});
