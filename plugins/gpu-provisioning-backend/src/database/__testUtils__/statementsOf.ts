import { Knex } from 'knex';

/**
 * Counts the statements sent through `knex` while `fn` runs, only those
 * whose SQL `which` accepts when it is given.
 */
export async function statementsOf<T>(
  knex: Knex,
  fn: () => Promise<T>,
  which: (sql: string) => boolean = () => true,
): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const count = (query: { sql: string }) => {
    if (which(query.sql)) statements++;
  };
  knex.on('query', count);
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    knex.removeListener('query', count);
  }
}
