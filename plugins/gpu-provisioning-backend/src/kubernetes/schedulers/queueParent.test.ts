import { queueParentOf } from './queueParent';
import { KAI_QUEUE_VERSION } from './kai';
import { VOLCANO_QUEUE_VERSION } from './volcano';

describe('queueParentOf', () => {
  const queue = (apiVersion: string, spec: Record<string, unknown>) => ({
    apiVersion,
    kind: 'Queue',
    metadata: { name: 'team-a' },
    spec,
  });

  it("reads a KAI queue's parentQueue and a Volcano queue's parent", () => {
    expect(
      queueParentOf(queue(KAI_QUEUE_VERSION, { parentQueue: 'research' })),
    ).toBe('research');
    expect(
      queueParentOf(queue(VOLCANO_QUEUE_VERSION, { parent: 'research' })),
    ).toBe('research');
  });

  it('gives no parent for a top queue, an empty name or a value that is not text', () => {
    expect(queueParentOf(queue(KAI_QUEUE_VERSION, {}))).toBeUndefined();
    expect(
      queueParentOf(queue(KAI_QUEUE_VERSION, { parentQueue: '' })),
    ).toBeUndefined();
    expect(
      queueParentOf(queue(VOLCANO_QUEUE_VERSION, { parent: { name: 'x' } })),
    ).toBeUndefined();
    expect(
      queueParentOf({ apiVersion: VOLCANO_QUEUE_VERSION, kind: 'Queue' }),
    ).toBeUndefined();
  });
});
