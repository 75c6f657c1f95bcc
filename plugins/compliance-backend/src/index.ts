/**
 * The compliance backend plugin: frameworks, checks, facts, scores, history,
 * waivers and evidence export. Other teams' modules add fact retrievers and
 * definitions through the extension points of
 * `@ai-platform/plugin-compliance-node`.
 *
 * @packageDocumentation
 */

export { compliancePlugin as default } from './plugin';
