import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionApi } from '@backstage/plugin-permission-react';
import {
  costBudgetManagePermission,
  Budget,
  BudgetRequest,
  BudgetsResponse,
  BudgetStatus,
  CostForecast,
  CostGroup,
  CostGroupsResponse,
  CostMetric,
  CostApiClient,
  CostReport,
  IdleWasteReport,
  InferenceUsage,
  IngestRun,
  IngestScanResponse,
  IngestStatusResponse,
  TopSpendersResponse,
} from '@ai-platform/plugin-cost-common';
import { CostApi } from './CostApi';
import {
  CostReportRequest,
  IdleWasteRequest,
  InferenceUsageRequest,
  TopSpendersRequest,
} from './types';

type Query = Record<string, string | number | undefined>;

/**
 * Talks to the `cost` backend plugin through the app's discovery and fetch
 * APIs, so that the user's credentials go with every call.
 *
 * @public
 */
export class CostClient implements CostApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly permissionApi?: PermissionApi;
  /** The client generated from the backend's OpenAPI document, for the calls it covers here. */
  private readonly generated: CostApiClient;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** Decides who may change budgets; without it, nobody may. */
    permissionApi?: PermissionApi;
  }) {
    this.permissionApi = options.permissionApi;
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.generated = new CostApiClient({
      discoveryApi: options.discoveryApi,
      fetchApi: options.fetchApi,
    });
  }

  /** {@inheritDoc CostApi.getCosts} */
  async getCosts(request: CostReportRequest): Promise<CostReport> {
    return this.json('GET', '/costs', { query: costQuery(request) });
  }

  /** {@inheritDoc CostApi.exportCostsCsv} */
  async exportCostsCsv(request: CostReportRequest): Promise<Blob> {
    const response = await this.send('GET', '/costs/export.csv', {
      query: costQuery(request),
    });
    return response.blob();
  }

  /** {@inheritDoc CostApi.getForecast} */
  async getForecast(request: {
    entityRef: string;
    metric?: CostMetric;
  }): Promise<CostForecast> {
    return this.json('GET', '/forecast', {
      query: { entityRef: request.entityRef, metric: request.metric },
    });
  }

  /** {@inheritDoc CostApi.getTopSpenders} */
  async getTopSpenders(
    request: TopSpendersRequest,
  ): Promise<TopSpendersResponse> {
    return this.json('GET', '/top-spenders', {
      query: {
        entityRef: request.entityRef,
        from: request.from,
        to: request.to,
        by: request.by,
        limit: request.limit,
        metric: request.metric,
      },
    });
  }

  /** {@inheritDoc CostApi.getIdleWaste} */
  async getIdleWaste(request: IdleWasteRequest): Promise<IdleWasteReport> {
    return this.json('GET', '/idle-waste', {
      query: {
        entityRef: request.entityRef,
        from: request.from,
        to: request.to,
      },
    });
  }

  /** {@inheritDoc CostApi.getInferenceUsage} */
  async getInferenceUsage(
    request: InferenceUsageRequest,
  ): Promise<InferenceUsage> {
    const response = await this.generated.getInferenceUsage({
      query: {
        groupRef: request.groupRef,
        entityRef: request.entityRef,
        window: request.window,
      },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as Response);
    }
    return response.json();
  }

  /** {@inheritDoc CostApi.getGroups} */
  async getGroups(): Promise<CostGroup[]> {
    const body = await this.json<CostGroupsResponse>('GET', '/groups');
    return body.groups;
  }

  /** {@inheritDoc CostApi.getBudgets} */
  async getBudgets(request?: { entityRef?: string }): Promise<BudgetStatus[]> {
    const body = await this.json<BudgetsResponse>('GET', '/budgets', {
      query: { entityRef: request?.entityRef },
    });
    return body.budgets;
  }

  /** {@inheritDoc CostApi.createBudget} */
  async createBudget(budget: BudgetRequest): Promise<Budget> {
    return this.json('POST', '/budgets', { body: budget });
  }

  /** {@inheritDoc CostApi.updateBudget} */
  async updateBudget(id: string, budget: BudgetRequest): Promise<Budget> {
    return this.json('PUT', `/budgets/${encodeURIComponent(id)}`, {
      body: budget,
    });
  }

  /** {@inheritDoc CostApi.deleteBudget} */
  async deleteBudget(id: string): Promise<void> {
    await this.send('DELETE', `/budgets/${encodeURIComponent(id)}`);
  }

  /** {@inheritDoc CostApi.canManageBudget} */
  async canManageBudget(groupRef: string): Promise<boolean> {
    // Asked through Backstage's permission API, never a hand-built call;
    // without one (e.g. inside Cost Insights) nobody may change budgets.
    if (!this.permissionApi) return false;
    const { result } = await this.permissionApi.authorize({
      permission: costBudgetManagePermission,
      resourceRef: groupRef,
    });
    return result === AuthorizeResult.ALLOW;
  }

  /** {@inheritDoc CostApi.getIngestStatus} */
  async getIngestStatus(request?: { limit?: number }): Promise<IngestRun[]> {
    const body = await this.json<IngestStatusResponse>(
      'GET',
      '/ingest/status',
      { query: { limit: request?.limit } },
    );
    return body.runs;
  }

  /** {@inheritDoc CostApi.getIngestRun} */
  async getIngestRun(id: string): Promise<IngestRun> {
    return this.json('GET', `/ingest/runs/${encodeURIComponent(id)}`);
  }

  /** {@inheritDoc CostApi.uploadBillingFile} */
  async uploadBillingFile(request: {
    fileName: string;
    file: Blob;
  }): Promise<IngestRun> {
    const baseUrl = await this.discoveryApi.getBaseUrl('cost');
    const gzip =
      request.file.type === 'application/gzip' ||
      request.fileName.toLocaleLowerCase('en-US').endsWith('.gz');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/ingest/upload?${new URLSearchParams({
        fileName: request.fileName,
      })}`,
      {
        method: 'POST',
        headers: { 'Content-Type': gzip ? 'application/gzip' : 'text/csv' },
        body: request.file,
      },
    );
    if (response.status === 422) {
      // A refused file: the body is its run, with the reasons.
      const body = await response
        .clone()
        .json()
        .catch(() => undefined);
      if (body && typeof body === 'object' && body.status === 'refused') {
        return body as IngestRun;
      }
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as IngestRun;
  }

  /** {@inheritDoc CostApi.scanBillingFolders} */
  async scanBillingFolders(): Promise<IngestRun[]> {
    const body = await this.json<IngestScanResponse>('POST', '/ingest/scan');
    return body.runs;
  }

  /** {@inheritDoc CostApi.exportKubernetesFocusCsv} */
  async exportKubernetesFocusCsv(request: {
    from: string;
    to: string;
  }): Promise<Blob> {
    const response = await this.send('GET', '/kubernetes/focus.csv', {
      query: { from: request.from, to: request.to },
    });
    return response.blob();
  }

  private async json<T>(
    method: string,
    path: string,
    options?: { query?: Query; body?: unknown },
  ): Promise<T> {
    const response = await this.send(method, path, options);
    return (await response.json()) as T;
  }

  private async send(
    method: string,
    path: string,
    options?: { query?: Query; body?: unknown },
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('cost');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options?.query ?? {})) {
      if (value !== undefined) {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
      options?.body === undefined
        ? { method }
        : {
            method,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(options.body),
          },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function costQuery(request: CostReportRequest): Query {
  return {
    entityRef: request.entityRef,
    from: request.from,
    to: request.to,
    granularity: request.granularity,
    splitBy: request.splitBy,
    metric: request.metric,
  };
}
