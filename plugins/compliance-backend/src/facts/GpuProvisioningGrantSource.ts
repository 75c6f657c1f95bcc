import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { GpuProvisioningApiClient } from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantRecord, GrantSource } from './GrantFactRetriever';

/**
 * Reads GPU grants from the gpu-provisioning backend's `GET /requests`
 * through its generated client, with this plugin's service token.
 *
 * @remarks
 * Failures name the backend by its plugin id and the HTTP status only: the
 * message ends up in stored facts shown to users, so the discovered URL and
 * the upstream's own error text are logged here and never echoed.
 */
export class GpuProvisioningGrantSource implements GrantSource {
  private readonly client: GpuProvisioningApiClient;

  private constructor(
    discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly logger?: LoggerService,
  ) {
    this.client = new GpuProvisioningApiClient({ discoveryApi: discovery });
  }

  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    logger?: LoggerService;
  }): GpuProvisioningGrantSource {
    return new GpuProvisioningGrantSource(
      options.discovery,
      options.auth,
      options.logger,
    );
  }

  async listGrants(): Promise<GrantRecord[]> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'gpu-provisioning',
    });
    let response: Awaited<ReturnType<GpuProvisioningApiClient['listRequests']>>;
    try {
      response = await this.client.listRequests(
        { query: { scope: 'all' } },
        { token },
      );
    } catch (error) {
      this.logger?.warn('gpu-provisioning could not be reached', {
        error: String((error as Error)?.cause ?? error),
      });
      throw new Error('the gpu-provisioning backend could not be reached');
    }
    if (!response.ok) {
      this.logger?.warn('gpu-provisioning refused the grants request', {
        status: response.status,
        body: (await response.text().catch(() => '')).slice(0, 2000),
      });
      throw new Error(
        `the gpu-provisioning backend answered HTTP ${response.status}`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as {
      items?: GrantRecord[];
    };
    if (!Array.isArray(body.items))
      throw new Error('the gpu-provisioning backend returned no items list');
    return body.items.map(g => ({
      id: String(g.id),
      entityRef: g.entityRef,
      team: g.team,
      cluster: g.cluster,
      status: g.status,
      dataClassification: g.dataClassification,
      justification: g.justification,
      durationHours: g.durationHours,
      expiresAt: g.expiresAt,
      namespace: g.namespace,
    }));
  }
}
