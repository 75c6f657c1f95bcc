import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { GrantRecord, GrantSource } from './GrantFactRetriever';

/**
 * Reads GPU grants from the gpu-provisioning backend's `GET /requests`, found
 * through discovery and called with this plugin's service token.
 */
export class GpuProvisioningGrantSource implements GrantSource {
  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): GpuProvisioningGrantSource {
    return new GpuProvisioningGrantSource(options.discovery, options.auth);
  }

  async listGrants(): Promise<GrantRecord[]> {
    const baseUrl = await this.discovery.getBaseUrl('gpu-provisioning');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'gpu-provisioning',
    });
    const response = await fetch(`${baseUrl}/requests?scope=all`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as { items?: GrantRecord[] };
    if (!Array.isArray(body.items))
      throw new Error('gpu-provisioning returned no items list');
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
