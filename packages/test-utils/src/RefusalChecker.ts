import { Knex } from 'knex';
import { dumpDatabase } from './dumpDatabase';

/** The parts of an HTTP answer {@link RefusalChecker} looks at. */
export interface CheckedAnswer {
  status: number;
  body?: { error?: { message?: unknown } };
}

/**
 * Checks route fuzzing's answers for a signed-in caller: no 5xx, no 401, a
 * 400 always says why, and a refused request (4xx) leaves the plugin's
 * database exactly as it was. A successful answer may change the database:
 * the checker then takes it as the new state.
 */
export class RefusalChecker {
  private constructor(
    private readonly knex: Knex,
    private current: Record<string, string[]>,
  ) {}

  /** A checker whose expected state is the database as it is now. */
  static async start(knex: Knex): Promise<RefusalChecker> {
    return new RefusalChecker(knex, await dumpDatabase(knex));
  }

  /** What is wrong with an answer, or undefined. */
  async problemWith(res: CheckedAnswer): Promise<string | undefined> {
    if (res.status >= 500) return 'a server error';
    if (res.status === 401) return 'the signed-in caller was not recognised';
    if (res.status < 400) {
      this.current = await dumpDatabase(this.knex);
      return undefined;
    }
    if (res.status === 400 && typeof res.body?.error?.message !== 'string')
      return 'a 400 without an error message';
    const after = await dumpDatabase(this.knex);
    if (JSON.stringify(after) !== JSON.stringify(this.current))
      return 'the database changed although the request was refused';
    return undefined;
  }
}
