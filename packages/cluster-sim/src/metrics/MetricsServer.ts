import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { defaultExporterPod, renderDcgmMetrics } from '../dcgm';
import { GpuInventory } from '../topology/types';
import { renderVllmMetrics } from '../vllm';
import { renderGatewayMetrics } from '../gateway/renderGatewayMetrics';

/** A cluster whose GPUs the server exposes. */
export interface MetricsCluster {
  name: string;
  gpus: GpuInventory;
}

export interface MetricsServerOptions {
  clusters: MetricsCluster[];
  seed: number;
  port?: number;
  /** The simulated time of a scrape; the wall clock by default. */
  now?: () => Date;
}

const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain',
) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * The metrics endpoints beside the simulated clusters, standing in for one
 * dcgm-exporter per GPU node and the vLLM servers of inference pods:
 *
 * - `/clusters/<cluster>/nodes/<node>/metrics`: dcgm-exporter's page for the node
 * - `/clusters/<cluster>/pods/<namespace>/<pod>/metrics`: vLLM's page for a pod serving a model
 * - `/targets`: every page as Prometheus HTTP service discovery (`http_sd_configs`)
 */
export class MetricsServer {
  private readonly server: http.Server;
  private url = '';

  constructor(private readonly options: MetricsServerOptions) {
    this.server = http.createServer((req, res) => {
      try {
        this.handle(req, res);
      } catch (error) {
        reply(res, 500, `${(error as Error).message}\n`);
      }
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      reply(res, 200, 'ok\n');
      return;
    }
    if (path === '/targets') {
      reply(res, 200, JSON.stringify(this.targets()), 'application/json');
      return;
    }
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const cluster = this.options.clusters.find(c => c.name === parts[1]);
    if (
      parts[0] !== 'clusters' ||
      !cluster ||
      parts[parts.length - 1] !== 'metrics'
    ) {
      reply(res, 404, 'not found\n');
      return;
    }
    const nodes = cluster.gpus.nodeGpus();
    if (parts[2] === 'gateway' && parts.length === 4) {
      reply(
        res,
        200,
        renderGatewayMetrics(
          nodes.flatMap(n => n.devices.flatMap(d => d.holder ?? [])),
          this.now(),
          { seed: this.options.seed },
        ),
        EXPOSITION,
      );
      return;
    }
    if (parts[2] === 'nodes' && parts.length === 5) {
      const node = nodes.find(n => n.hostname === parts[3]);
      if (!node) {
        reply(res, 404, `no GPU node ${parts[3]} in ${cluster.name}\n`);
        return;
      }
      reply(
        res,
        200,
        renderDcgmMetrics(node, this.now(), {
          seed: this.options.seed,
          // Label free GPUs with the exporter's own pod, as the GPU Operator's
          // ServiceMonitor makes Prometheus store them (and as history does).
          exporterPod: defaultExporterPod(node.hostname, this.options.seed),
        }),
        EXPOSITION,
      );
      return;
    }
    if (parts[2] === 'pods' && parts.length === 6) {
      const holder = nodes
        .flatMap(n => n.devices.map(d => d.holder))
        .find(
          h => h?.namespace === parts[3] && h.pod === parts[4] && h.servedModel,
        );
      if (!holder) {
        reply(
          res,
          404,
          `no model server ${parts[3]}/${parts[4]} in ${cluster.name}\n`,
        );
        return;
      }
      reply(
        res,
        200,
        renderVllmMetrics(holder, this.now(), { seed: this.options.seed }),
        EXPOSITION,
      );
      return;
    }
    reply(res, 404, 'not found\n');
  }

  /** Scrape targets in Prometheus' HTTP service discovery format. */
  targets() {
    const host = this.url.replace(/^http:\/\//, '');
    return this.options.clusters.flatMap(cluster => {
      const nodes = cluster.gpus.nodeGpus();
      const servers = new Map<string, string>();
      let gateway = false;
      for (const device of nodes.flatMap(n => n.devices)) {
        if (device.holder?.gatewayCallers) gateway = true;
        if (device.holder?.servedModel) {
          servers.set(
            `${device.holder.namespace}/${device.holder.pod}`,
            device.holder.servedModel,
          );
        }
      }
      return [
        ...nodes.map(node => ({
          targets: [host],
          labels: {
            __metrics_path__: `/clusters/${cluster.name}/nodes/${node.hostname}/metrics`,
            job: 'nvidia-dcgm-exporter',
            cluster: cluster.name,
            node: node.hostname,
          },
        })),
        ...[...servers.keys()].map(key => ({
          targets: [host],
          labels: {
            __metrics_path__: `/clusters/${cluster.name}/pods/${key}/metrics`,
            job: 'vllm',
            cluster: cluster.name,
            namespace: key.split('/')[0],
            pod: key.split('/')[1],
          },
        })),
        // The AI gateway in front of the cluster's model servers.
        ...(gateway
          ? [
              {
                targets: [host],
                labels: {
                  __metrics_path__: `/clusters/${cluster.name}/gateway/metrics`,
                  job: 'ai-gateway',
                  cluster: cluster.name,
                },
              },
            ]
          : []),
      ];
    });
  }
}
