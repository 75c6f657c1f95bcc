/* eslint-disable no-console */
// GPU provisioning from submit to active: 1,000 requests at concurrency 50,
// each reserving quota in one transaction (SQLite and PostgreSQL) and then
// server-side applying its namespace, quota, network policy and role binding
// to the simulated cluster through @kubernetes/client-node. Prints one JSON
// line with requests per second and p50/p95 latency per engine.
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSchemaValidation,
  startClusterSim,
} from '@ai-platform/cluster-sim';
import { readGpuProvisioningConfig } from '../plugins/gpu-provisioning-backend/src/config/GpuProvisioningConfig';
import { DatabaseGrantStore } from '../plugins/gpu-provisioning-backend/src/database/DatabaseGrantStore';
import { createKubernetesGrantServices } from '../plugins/gpu-provisioning-backend/src/kubernetes';
import { GrantReconciler } from '../plugins/gpu-provisioning-backend/src/lifecycle/GrantReconciler';

const REQUESTS = 1000;
const CONCURRENCY = 50;

/** A logger that drops everything: the benchmark measures work, not logging. */
const silentLogger: LoggerService = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => silentLogger,
};
const silentAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function engines(): Promise<
  Array<{ name: string; knex: () => Promise<Knex> }>
> {
  const list: Array<{ name: string; knex: () => Promise<Knex> }> = [
    {
      name: 'sqlite',
      knex: async () =>
        knexFactory({
          client: 'better-sqlite3',
          connection: {
            filename: join(
              mkdtempSync(join(tmpdir(), 'gpu-bench-')),
              'db.sqlite',
            ),
          },
          useNullAsDefault: true,
        }),
    },
  ];
  const pg =
    process.env.TEST_POSTGRES_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (pg) {
    list.push({
      name: 'postgresql',
      knex: async () => {
        const admin = knexFactory({ client: 'pg', connection: pg });
        const db = `gpu_bench_${Date.now()}`;
        await admin.raw(`create database ${db}`);
        await admin.destroy();
        return knexFactory({
          client: 'pg',
          connection: `${pg}/${db}`,
          pool: { min: 0, max: 20 },
        });
      },
    });
  } else {
    console.error(
      'No PostgreSQL (run through ./scripts/bench): measuring SQLite only',
    );
  }
  return list;
}

async function measure(knex: Knex) {
  const schemas = createSchemaValidation({ required: true })!;
  const sim = await startClusterSim({
    seed: 'nodes',
    metrics: false,
    validator: schemas.validator,
    openApi: schemas.openApi,
  });
  try {
    const config = new ConfigReader({
      gpuProvisioning: {
        gpuClasses: [
          {
            id: 'h100',
            displayName: 'H100',
            productLabel: 'NVIDIA-H100-80GB-HBM3',
            memoryMiB: 81559,
            hourlyRate: 4.5,
          },
        ],
      },
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: sim.clusters.map(c => ({
              name: c.name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.token,
              caData: Buffer.from(c.caPem!).toString('base64'),
            })),
          },
        ],
      },
    });
    const provisioning = readGpuProvisioningConfig(config);
    const logger = silentLogger;
    const { provisioner } = createKubernetesGrantServices({
      config,
      provisioning,
      logger,
    });
    const store = await DatabaseGrantStore.create({
      database: mockServices.database({ knex }),
    });
    const reconciler = GrantReconciler.create({
      store,
      provisioner,
      config: provisioning,
      logger,
      auditor: silentAuditor,
      teamInfo: async () => ({ teamName: 'bench' }),
    });
    const latencies: number[] = [];
    let next = 0;
    let active = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          next++;
          const t = performance.now();
          const { request } = await store.create({
            request: {
              team: 'group:default/bench',
              cluster: 'gpu-prod',
              gpuClass: 'h100',
              count: 1,
              durationHours: 8,
              purpose: 'training',
              dataClassification: 'internal',
              justification: 'benchmark request',
              requestedBy: 'user:default/bench',
              status: 'approved',
              gpuHours: 8,
              estimatedCost: 36,
              requiresApproval: false,
            },
            quotaLimit: REQUESTS,
          });
          const result = await reconciler.provision(request);
          if (result.status === 'active') active++;
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      active,
      requestsPerSecond: Number((REQUESTS / seconds).toFixed(1)),
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
    };
  } finally {
    await sim.stop();
    await knex.destroy();
  }
}

async function main() {
  const results: Record<string, unknown> = {};
  for (const engine of await engines()) {
    console.error(`measuring ${engine.name}`);
    results[engine.name] = await measure(await engine.knex());
  }
  console.log(JSON.stringify({ submitToActive: results }));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
