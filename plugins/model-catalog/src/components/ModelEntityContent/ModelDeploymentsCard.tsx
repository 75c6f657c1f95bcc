import { Entity } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { getModelMetadata } from '@ai-platform/plugin-model-catalog-common';
import { wholeWordsCell } from '@ai-platform/plugin-ai-platform-react';
import { useModelServers } from './useModelServers';

interface DeploymentRow {
  id: string;
  server?: Entity;
  name: string;
  owner: string;
  cluster: string;
  namespace: string;
  endpoint?: string;
}

/**
 * Where the model runs: the model-server Components that depend on it (from
 * KServe) and the serving endpoints the registry records.
 *
 * @public
 */
export function ModelDeploymentsCard() {
  const { entity } = useEntity();
  const { value, loading, error } = useModelServers(entity);

  if (loading) {
    return (
      <InfoCard title="Deployments">
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <InfoCard title="Deployments">
        <ResponseErrorPanel
          error={error}
          title="Could not load the model servers"
        />
      </InfoCard>
    );
  }
  const rows: DeploymentRow[] = [
    ...(value ?? []).map(server => ({
      id: server.metadata.uid ?? server.metadata.name,
      server,
      name: server.metadata.title ?? server.metadata.name,
      owner: String(server.spec?.owner ?? ''),
      cluster:
        server.metadata.annotations?.['ai-platform.io/kubernetes-cluster'] ??
        '—',
      namespace:
        server.metadata.annotations?.['backstage.io/kubernetes-namespace'] ??
        '—',
      endpoint: server.metadata.links?.[0]?.url,
    })),
    ...(getModelMetadata(entity).servingEndpoints ?? []).map(e => ({
      id: e.url,
      name: e.name ?? e.url,
      owner: '—',
      cluster: '—',
      namespace: '—',
      endpoint: e.url,
    })),
  ];
  if (rows.length === 0) {
    return (
      <InfoCard title="Deployments">
        <EmptyState
          missing="data"
          title="Not deployed anywhere yet"
          description="Model servers appear here when a KServe InferenceService carries the ai-platform.io/model annotation with this model's entity ref. Use Deploy to start one."
        />
      </InfoCard>
    );
  }
  return (
    <Table<DeploymentRow>
      title="Deployments"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={[
        {
          title: 'Server',
          field: 'name',
          render: r =>
            r.server ? (
              <EntityRefLink entityRef={r.server} title={r.name} />
            ) : (
              r.name
            ),
        },
        {
          title: 'Owner',
          field: 'owner',
          cellStyle: wholeWordsCell,
          render: r =>
            r.owner && r.owner !== '—' ? (
              <EntityRefLink entityRef={r.owner} defaultKind="group" />
            ) : (
              '—'
            ),
        },
        { title: 'Cluster', field: 'cluster' },
        { title: 'Namespace', field: 'namespace' },
        {
          title: 'Endpoint',
          field: 'endpoint',
          render: r =>
            r.endpoint ? <Link to={r.endpoint}>{r.endpoint}</Link> : '—',
        },
      ]}
      data={rows}
    />
  );
}
