/* eslint-disable no-console */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startClusterSim } from '../startClusterSim';
import { backstageAppConfig } from './backstageAppConfig';
import { createSchemaValidation } from '../schemaValidation';
import { backfillHistory } from '../prometheus/backfillHistory';
import { loadTopology } from '../topology/loadTopology';

const USAGE = `Usage: cluster-sim start [options]

Starts the simulated GPU fleet on 127.0.0.1 and writes, into the state folder:
  fleet-state.json   the fleet's objects, kept across restarts as a cluster keeps them
                     (delete it to start the fleet afresh from its topology)
  kubeconfig         one context per cluster (KUBECONFIG=<dir>/kubeconfig kubectl get nodes)
  app-config.yaml    a Backstage config overlay pointing the Kubernetes plugin at the fleet
  endpoints.json     URLs of each cluster, written last: its presence means ready

Options:
  --state-dir <dir>   where to write those files (default: .data/cluster-sim)
  --topology <file>   fleet topology YAML (default: the demo fleet)
  --port <n>          port of the first cluster; the next ones follow (default: 16443)
  --no-tls            serve plain HTTP instead of HTTPS
  --seed <what>       workloads | nodes | none (default: workloads)
  --metrics-port <n>  port of the dcgm-exporter and vLLM metrics (default: 19400)
  --backfill-hours <n> --prometheus-data <dir>
                      on first start (empty <dir>), write <n> hours of dcgm-exporter
                      history of the fleet's pods into a Prometheus TSDB there,
                      labelled as the live scrape through /targets will be
  -h, --help          this text`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string', default: '.data/cluster-sim' },
      topology: { type: 'string' },
      port: { type: 'string', default: '16443' },
      'no-tls': { type: 'boolean', default: false },
      seed: { type: 'string', default: 'workloads' },
      'metrics-port': { type: 'string', default: '19400' },
      'backfill-hours': { type: 'string' },
      'prometheus-data': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals[0] !== 'start') {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const seed = values.seed as 'workloads' | 'nodes' | 'none';
  if (!['workloads', 'nodes', 'none'].includes(seed)) {
    throw new Error(
      `--seed must be workloads, nodes or none, not ${values.seed}`,
    );
  }
  const basePort = Number(values.port);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 65000) {
    throw new Error(
      `--port must be a port number from 1024 to 65000, not ${values.port}`,
    );
  }
  const stateDir = resolve(values['state-dir']!);
  mkdirSync(stateDir, { recursive: true });
  // The token survives restarts, so a kubeconfig handed out stays valid.
  const tokenFile = join(stateDir, 'token');
  if (!existsSync(tokenFile)) {
    writeFileSync(tokenFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  const token = readFileSync(tokenFile, 'utf8').trim();
  const endpointsFile = join(stateDir, 'endpoints.json');
  writeFileSync(endpointsFile, '');

  const schemas = createSchemaValidation();
  const sim = await startClusterSim({
    topology: values.topology,
    stateDir,
    seed,
    tls: !values['no-tls'],
    token,
    kubeconfigPath: join(stateDir, 'kubeconfig'),
    validator: schemas?.validator,
    openApi: schemas?.openApi,
    portFor: (_name, index) => basePort + index,
    metrics: { port: Number(values['metrics-port']) },
  });
  const hours = Number(values['backfill-hours'] ?? 0);
  const dataDir = values['prometheus-data'];
  const historyExists =
    dataDir !== undefined &&
    existsSync(dataDir) &&
    readdirSync(dataDir).length > 0;
  if (historyExists && sim.clusters.some(c => !c.restored)) {
    console.warn(
      `cluster-sim: the fleet started afresh (no ${sim.stateFile}) but ${dataDir} holds history of an earlier fleet, whose pods are gone: delete ${dataDir} too for history that joins this fleet's pods`,
    );
  }
  if (hours > 0 && dataDir && !historyExists) {
    const end = new Date(Math.floor(Date.now() / 30_000) * 30_000);
    const instance = sim.metricsUrl!.replace(/^http:\/\//, '');
    const result = await backfillHistory({
      nodes: sim.clusters.flatMap(c => c.gpus.nodeGpus()),
      seed: loadTopology(values.topology).seed,
      start: new Date(end.getTime() - hours * 3600_000),
      end,
      tsdbDir: resolve(dataDir),
      // The labels Prometheus adds to live scrapes of /targets, so history and live series join.
      targetLabels: node => ({
        job: 'nvidia-dcgm-exporter',
        cluster: node.cluster,
        node: node.hostname,
        instance,
      }),
      // The model servers' vLLM pages and the AI gateway, as /targets labels them.
      serving: sim.clusters.map(c => ({
        holders: c.gpus
          .nodeGpus()
          .flatMap(n => n.devices.flatMap(d => d.holder ?? [])),
        labels: { cluster: c.name, instance },
      })),
    });
    console.log(
      `cluster-sim: backfilled ${hours} h of dcgm-exporter, vLLM and AI gateway history (${
        result.samples
      } samples) in ${result.seconds.toFixed(1)} s`,
    );
  }
  writeFileSync(
    join(stateDir, 'app-config.yaml'),
    backstageAppConfig(
      sim.clusters,
      Object.fromEntries(
        loadTopology(values.topology)
          .clusters.filter(c => c.scheduler)
          .map(c => [c.name, c.scheduler!]),
      ),
    ),
    {
      mode: 0o600,
    },
  );
  const endpoints = sim.clusters.map(c => ({ name: c.name, url: c.url }));
  writeFileSync(
    endpointsFile,
    JSON.stringify(
      { clusters: endpoints, metricsTargetsUrl: sim.metricsTargetsUrl },
      null,
      2,
    ),
  );
  for (const c of sim.clusters)
    console.log(
      `cluster-sim: ${c.name} at ${c.url}${
        c.restored ? ` (restored from ${sim.stateFile})` : ''
      }`,
    );
  console.log(`cluster-sim: KUBECONFIG=${join(stateDir, 'kubeconfig')}`);
  if (!schemas) {
    console.warn(
      'cluster-sim: ../shared/fixtures not found: objects are not validated against the OpenAPI schemas and /openapi/v3 is not served (kubectl apply needs --validate=false)',
    );
  }
  const shutdown = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(error => {
  console.error(`cluster-sim: ${error.message}`);
  process.exit(1);
});
