import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** The PostgreSQL the test command starts is version 15 (Debian's). */
const POSTGRES_ID: TestDatabaseId = 'POSTGRES_15';

/** The variable through which `TestDatabases` finds that PostgreSQL. */
export const POSTGRES_URL_VARIABLE =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The engines every database test of the suite runs on.
 *
 * @public
 */
export const TEST_DATABASE_IDS: TestDatabaseId[] = [POSTGRES_ID, 'SQLITE_3'];

/**
 * `TestDatabases` for SQLite and the throwaway PostgreSQL that `./scripts/test`
 * starts, so a database test is written once and runs on both engines.
 *
 * @remarks
 * Under `CI`, a missing PostgreSQL is an error rather than a silent skip. Run
 * outside the test command without a PostgreSQL, only SQLite runs, with a warning.
 *
 * @public
 */
export function createTestDatabases(): TestDatabases {
  if (!process.env[POSTGRES_URL_VARIABLE]) {
    if (process.env.CI) {
      throw new Error(
        `PostgreSQL tests cannot run: ${POSTGRES_URL_VARIABLE} is not set. ` +
          'Run the tests through ./scripts/test, which starts a throwaway PostgreSQL.',
      );
    }
    // eslint-disable-next-line no-console
    console.warn(
      `${POSTGRES_URL_VARIABLE} is not set: database tests run on SQLite only.`,
    );
  }
  return TestDatabases.create({ ids: TEST_DATABASE_IDS, disableDocker: true });
}
