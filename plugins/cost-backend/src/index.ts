/**
 * The cost backend plugin: FOCUS billing ingest, GPU-hour rate cards,
 * allocation and daily roll-ups per entity, team and org.
 *
 * @packageDocumentation
 */

export { costPlugin as default } from './plugin';
