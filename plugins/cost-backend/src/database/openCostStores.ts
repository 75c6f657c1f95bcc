import { openPluginDatabase } from '@ai-platform/plugin-ai-platform-node';
import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { DatabaseBillingStore } from './DatabaseBillingStore';
import { DatabaseBudgetStore } from './DatabaseBudgetStore';
import { DatabaseDailyCostStore } from './DatabaseDailyCostStore';
import { DatabaseGpuCostStore } from './DatabaseGpuCostStore';
import { DatabaseIngestRunStore } from './DatabaseIngestRunStore';
import { DatabaseLineItemFileIndex } from './DatabaseLineItemFileIndex';
import { DatabaseLineItemStore } from './DatabaseLineItemStore';
import { DatabaseServingSplitStore } from './DatabaseServingSplitStore';
import { MergedLineItemStore } from './MergedLineItemStore';
import { ParquetLineItemReader } from './ParquetLineItemReader';
import { CostStores } from './types';

const migrationsDir = resolvePackagePath(
  '@ai-platform/plugin-cost-backend',
  'migrations',
);

/**
 * The cost stores over the plugin's database (SQLite or PostgreSQL), after
 * running the migrations unless `database.migrations.skip` is set. With
 * `lineItemFiles`, drill-down also reads the DuckDB ingest's Parquet files.
 */
export async function openCostStores(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
  lineItemFiles?: {
    /** Reads the Parquet files under `cost.ingest.lineItemsDirectory`. */
    reader: ParquetLineItemReader;
    logger: LoggerService;
  };
}): Promise<CostStores> {
  const db = await openPluginDatabase(options.database, {
    migrationsDirectory: migrationsDir,
    skipMigrations: options.skipMigrations,
  });
  const lineItemFiles = DatabaseLineItemFileIndex.create({ db });
  const databaseLineItems = DatabaseLineItemStore.create({ db });
  const parquet = options.lineItemFiles;
  return {
    billing: DatabaseBillingStore.create({ db }),
    daily: DatabaseDailyCostStore.create({ db }),
    lineItems: parquet
      ? MergedLineItemStore.create({
          database: databaseLineItems,
          files: lineItemFiles,
          reader: parquet.reader,
          logger: parquet.logger,
        })
      : databaseLineItems,
    lineItemFiles,
    gpu: DatabaseGpuCostStore.create({ db }),
    runs: DatabaseIngestRunStore.create({ db }),
    budgets: DatabaseBudgetStore.create({ db }),
    servingSplits: DatabaseServingSplitStore.create({ db }),
  };
}
