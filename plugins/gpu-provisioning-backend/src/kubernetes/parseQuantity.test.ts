import { parseQuantity } from './parseQuantity';

describe('parseQuantity', () => {
  it.each<[string | number | undefined, number | undefined]>([
    ['8', 8],
    ['0', 0],
    ['500m', 0.5],
    ['1k', 1000],
    ['2Ki', 2048],
    ['1Gi', 2 ** 30],
    ['1e3', 1000],
    ['1.5', 1.5],
    [4, 4],
    [undefined, undefined],
    ['', undefined],
    ['eight', undefined],
    ['8 GPUs', undefined],
    ['1KB', undefined],
  ])('reads %p as %p', (input, expected) => {
    expect(parseQuantity(input)).toBe(expected);
  });
});
