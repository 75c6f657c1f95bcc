import { openPluginDatabase } from '@ai-platform/plugin-ai-platform-node';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { DatabaseBillingStore } from './DatabaseBillingStore';
import { DatabaseBudgetStore } from './DatabaseBudgetStore';
import { DatabaseDailyCostStore } from './DatabaseDailyCostStore';
import { DatabaseGpuCostStore } from './DatabaseGpuCostStore';
import { DatabaseIngestRunStore } from './DatabaseIngestRunStore';
import { DatabaseLineItemStore } from './DatabaseLineItemStore';
import { DatabaseServingSplitStore } from './DatabaseServingSplitStore';
import { CostStores } from './types';

const migrationsDir = resolvePackagePath(
  '@ai-platform/plugin-cost-backend',
  'migrations',
);

/**
 * The cost stores over the plugin's database (SQLite or PostgreSQL), after
 * running the migrations unless `database.migrations.skip` is set.
 */
export async function openCostStores(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
}): Promise<CostStores> {
  const db = await openPluginDatabase(options.database, {
    migrationsDirectory: migrationsDir,
    skipMigrations: options.skipMigrations,
  });
  return {
    billing: DatabaseBillingStore.create({ db }),
    daily: DatabaseDailyCostStore.create({ db }),
    lineItems: DatabaseLineItemStore.create({ db }),
    gpu: DatabaseGpuCostStore.create({ db }),
    runs: DatabaseIngestRunStore.create({ db }),
    budgets: DatabaseBudgetStore.create({ db }),
    servingSplits: DatabaseServingSplitStore.create({ db }),
  };
}
