import { ConfigReader } from '@backstage/config';
import { readIdlePolicyConfig } from './idlePolicyConfig';

const read = (idlePolicy?: object) =>
  readIdlePolicyConfig(new ConfigReader(idlePolicy ? { idlePolicy } : {}));

describe('readIdlePolicyConfig', () => {
  it('is off, and a dry run once on, by default', () => {
    expect(read()).toEqual({
      enabled: false,
      dryRun: true,
      idleHours: 24,
      graceHours: 24,
    });
    expect(read({ enabled: true, idleHours: 6 })).toEqual({
      enabled: true,
      dryRun: true,
      idleHours: 6,
      graceHours: 24,
    });
  });

  it.each([
    [{ idleHours: 0 }, 'gpuProvisioning.idlePolicy.idleHours'],
    [{ graceHours: -1 }, 'gpuProvisioning.idlePolicy.graceHours'],
    [{ graceHours: 5000 }, 'gpuProvisioning.idlePolicy.graceHours'],
  ])('refuses %j naming %s', (idlePolicy, key) => {
    expect(() => read(idlePolicy)).toThrow(key);
  });

  it('refuses a value of the wrong type naming the key', () => {
    expect(() => read({ idleHours: 'a day' })).toThrow(/idlePolicy\.idleHours/);
  });
});
