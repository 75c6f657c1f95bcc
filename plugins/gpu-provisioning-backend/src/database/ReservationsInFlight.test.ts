import { ReservationsInFlight } from './ReservationsInFlight';
import { deferred } from './__testUtils__/deferred';

const TEAM = 'group:default/vision';

/** Whether `promise` has settled once pending callbacks have run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise(resolve => setImmediate(resolve));
  return settled;
}

describe('ReservationsInFlight', () => {
  it('counts what the attempts in flight of a key ask for, until each settles', async () => {
    const inFlight = new ReservationsInFlight();
    const first = deferred<string>();
    const second = deferred<string>();
    const a = inFlight.hold(TEAM, 'h100', 2, () => first.promise);
    const b = inFlight.hold(TEAM, 'h100', 3, () => second.promise);
    inFlight.hold(TEAM, 'h100/1g.10gb', 7, () => new Promise(() => {}));
    expect(inFlight.claimed(TEAM, 'h100')).toBe(5);
    expect(inFlight.claimed('group:default/speech', 'h100')).toBe(0);

    first.resolve('granted');
    await expect(a).resolves.toBe('granted');
    expect(inFlight.claimed(TEAM, 'h100')).toBe(3);

    second.reject(new Error('lost the race'));
    await expect(b).rejects.toThrow('lost the race');
    expect(inFlight.claimed(TEAM, 'h100')).toBe(0);
    expect(inFlight.claimed(TEAM, 'h100/1g.10gb')).toBe(7);
  });

  it('settles once every attempt in flight when asked has settled, not later ones', async () => {
    const inFlight = new ReservationsInFlight();
    const first = deferred<void>();
    const second = deferred<void>();
    inFlight.hold(TEAM, 'h100', 1, () => first.promise);
    inFlight.hold(TEAM, 'h100', 1, () => second.promise).catch(() => {});
    const settled = inFlight.settled(TEAM, 'h100');
    const later = deferred<void>();
    inFlight.hold(TEAM, 'h100', 1, () => later.promise);

    first.resolve();
    expect(await hasSettled(settled)).toBe(false);
    // A failed attempt has settled too: its GPUs are free again.
    second.reject(new Error('lost the race'));
    expect(await hasSettled(settled)).toBe(true);
    expect(inFlight.claimed(TEAM, 'h100')).toBe(1);
  });

  it('settles at once for a key with nothing in flight', async () => {
    const inFlight = new ReservationsInFlight();
    expect(await hasSettled(inFlight.settled(TEAM, 'h100'))).toBe(true);
  });
});
