import { waitFor } from '@ai-platform/test-utils';
import request from 'supertest';

type Server = Parameters<typeof request>[0];

/** Runs a template through the scaffolder's API and waits for the task to end. */
export async function runTask(
  server: Server,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<{ status: string; output: any; log: string }> {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .send({ templateRef, values });
  if (created.status !== 201) {
    throw new Error(
      `task not created (${created.status}): ${JSON.stringify(created.body)}`,
    );
  }
  let task: any;
  await waitFor(async () => {
    task = (
      await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}`)
    ).body;
    return ['completed', 'failed'].includes(task.status) ? true : undefined;
  }, 120_000);
  const events = await request(server).get(
    `/api/scaffolder/v2/tasks/${created.body.id}/events`,
  );
  const log = events.body
    .map((e: any) => e.body.message)
    .filter(Boolean)
    .join('\n');
  const completion = events.body.find((e: any) => e.type === 'completion');
  return { status: task.status, output: completion?.body?.output, log };
}
