/**
 * The AI Platform Portal's shared vocabulary.
 *
 * @packageDocumentation
 */

export {
  AI_PLATFORM_PREFIX,
  AI_PLATFORM_LABELS,
  AI_PLATFORM_ANNOTATIONS,
  AI_PLATFORM_COST_TAGS,
  TEMPLATE_REF_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  type AiPlatformLabel,
  type AiPlatformAnnotation,
} from './vocabulary';
export {
  sendApiRequest,
  type ApiClientTarget,
  type ApiRequestParts,
  type RequestOptions,
  type TypedResponse,
} from './client/sendApiRequest';
export {
  NANO_DIGITS,
  parseNanos,
  formatNanos,
  type FormatNanosOptions,
  divideRounded,
  allocateLargestRemainder,
  costNanos,
} from './money';
