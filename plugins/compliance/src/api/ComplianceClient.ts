import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EvidenceRecord,
  FrameworkMatrix,
  HeatmapResponse,
  HistoryPoint,
  RollupScore,
  Waiver,
  WaiverInput,
} from '@ai-platform/plugin-compliance-common';
import {
  ComplianceApi,
  EntityComplianceResponse,
  FrameworksResponse,
} from './ComplianceApi';

/**
 * Talks to the `compliance` backend plugin through discovery and fetch, so
 * the user's credentials go with every call.
 *
 * @public
 */
export class ComplianceClient implements ComplianceApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('compliance');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.fetch(path, init)).json()) as T;
  }

  /** {@inheritDoc ComplianceApi.getFrameworks} */
  getFrameworks(): Promise<FrameworksResponse> {
    return this.json('/frameworks');
  }

  /** {@inheritDoc ComplianceApi.getEntity} */
  async getEntity(
    entityRef: string,
  ): Promise<EntityComplianceResponse | undefined> {
    try {
      return await this.json(`/entity?${new URLSearchParams({ entityRef })}`);
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 404)
        return undefined;
      throw error;
    }
  }

  /** {@inheritDoc ComplianceApi.getHeatmap} */
  getHeatmap(options: { group?: string } = {}): Promise<HeatmapResponse> {
    const query = new URLSearchParams();
    if (options.group) query.set('group', options.group);
    return this.json(`/heatmap?${query}`);
  }

  /** {@inheritDoc ComplianceApi.getRollup} */
  async getRollup(subjectRef: string): Promise<RollupScore[]> {
    return (
      await this.json<{ items: RollupScore[] }>(
        `/subject?${new URLSearchParams({ subjectRef })}`,
      )
    ).items;
  }

  /** {@inheritDoc ComplianceApi.getHistory} */
  async getHistory(options: {
    subjectRef: string;
    days?: number;
  }): Promise<HistoryPoint[]> {
    const query = new URLSearchParams({ subjectRef: options.subjectRef });
    if (options.days) query.set('days', String(options.days));
    return (await this.json<{ items: HistoryPoint[] }>(`/history?${query}`))
      .items;
  }

  /** {@inheritDoc ComplianceApi.getMatrix} */
  getMatrix(frameworkId: string): Promise<FrameworkMatrix> {
    return this.json(`/frameworks/${encodeURIComponent(frameworkId)}/matrix`);
  }

  private evidencePath(options: {
    frameworkId: string;
    control?: string;
    team?: string;
    format?: string;
  }) {
    const query = new URLSearchParams();
    if (options.control) query.set('control', options.control);
    if (options.team) query.set('team', options.team);
    if (options.format) query.set('format', options.format);
    return `/frameworks/${encodeURIComponent(
      options.frameworkId,
    )}/evidence?${query}`;
  }

  /** {@inheritDoc ComplianceApi.getEvidence} */
  async getEvidence(options: {
    frameworkId: string;
    control?: string;
    team?: string;
  }): Promise<EvidenceRecord[]> {
    return (
      await this.json<{ items: EvidenceRecord[] }>(this.evidencePath(options))
    ).items;
  }

  /** {@inheritDoc ComplianceApi.downloadEvidence} */
  async downloadEvidence(options: {
    frameworkId: string;
    control?: string;
    team?: string;
    format: 'csv' | 'json';
  }): Promise<Blob> {
    return (await this.fetch(this.evidencePath(options))).blob();
  }

  /** {@inheritDoc ComplianceApi.createWaiver} */
  createWaiver(input: WaiverInput): Promise<Waiver> {
    return this.json('/waivers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
  }

  /** {@inheritDoc ComplianceApi.recheckEntity} */
  async recheckEntity(entityRef: string): Promise<void> {
    await this.fetch('/entity/evaluations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRef }),
    });
  }

  /** {@inheritDoc ComplianceApi.revokeWaiver} */
  revokeWaiver(id: string): Promise<Waiver> {
    return this.json(`/waivers/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }
}
