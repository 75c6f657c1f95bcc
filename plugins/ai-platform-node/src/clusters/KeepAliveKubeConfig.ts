import { KubeConfig, RequestContext } from '@kubernetes/client-node';
import { Agent as HttpsAgent, AgentOptions } from 'node:https';

/** The TLS options client-node puts on each agent; equal options mean one connection pool. */
const TLS_OPTIONS = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
] as const;

function sameTls(a: AgentOptions, b: AgentOptions): boolean {
  return TLS_OPTIONS.every(key => String(a[key]) === String(b[key]));
}

/**
 * A KubeConfig whose API calls share one keep-alive HTTPS agent per cluster.
 *
 * client-node (1.x) gives every call a new agent, so every call pays a TLS
 * handshake on both ends; under a burst of grants that was most of the time
 * a grant spent on its cluster. The pooled agent is replaced when the TLS
 * material client-node reads (CA, client certificate, server name) changes,
 * e.g. a rotated certificate file. Proxy agents are left as client-node made them.
 */
export class KeepAliveKubeConfig extends KubeConfig {
  private pooled?: HttpsAgent;

  override async applySecurityAuthentication(
    context: RequestContext,
  ): Promise<void> {
    await super.applySecurityAuthentication(context);
    const made = context.getAgent();
    // Exactly https.Agent: subclasses are proxy agents, kept as they are.
    if (made?.constructor !== HttpsAgent) return;
    context.setAgent(this.pool((made as HttpsAgent).options));
  }

  private pool(options: AgentOptions): HttpsAgent {
    if (this.pooled && sameTls(this.pooled.options, options)) {
      return this.pooled;
    }
    this.pooled?.destroy();
    // Idle sockets close before a server's usual 5 s keep-alive timeout would race a reuse.
    this.pooled = new HttpsAgent({
      ...options,
      keepAlive: true,
      timeout: 4_000,
    });
    return this.pooled;
  }
}
