import { toEntityName } from './entityName';

describe('toEntityName', () => {
  it.each([
    ['meta-llama/Llama-3.1-8B-Instruct', 'meta-llama-llama-3-1-8b-instruct'],
    ['Fraud Detector', 'fraud-detector'],
    ['__x__', 'x'],
  ])('%s -> %s', (input, expected) => {
    expect(toEntityName(input)).toBe(expected);
  });

  it('shortens long names with a hash and names empty ones', () => {
    const long = toEntityName('a'.repeat(100));
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^a+-[0-9a-f]{8}$/);
    expect(toEntityName('///')).toMatch(/^model-[0-9a-f]{8}$/);
    expect(toEntityName('a'.repeat(100))).not.toBe(
      toEntityName(`${'a'.repeat(100)}b`),
    );
  });
});
