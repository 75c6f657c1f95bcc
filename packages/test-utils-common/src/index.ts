/**
 * Test helpers for the AI Platform Portal that run in any package, browser or
 * Node: kept apart from `@ai-platform/test-utils`, which needs Node (databases,
 * servers), so common and frontend packages can use them too.
 *
 * @packageDocumentation
 */

export { ATTACK_STRINGS, slowInputs } from './regexSafety';
