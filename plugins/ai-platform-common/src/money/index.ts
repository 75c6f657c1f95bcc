export { NANO_DIGITS, parseNanos } from './parseNanos';
export { formatNanos, type FormatNanosOptions } from './formatNanos';
export { divideRounded } from './divideRounded';
export { allocateLargestRemainder } from './allocateLargestRemainder';
export { costNanos } from './costNanos';
