import { EmptyState, InfoCard, Table } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  getModelMetadata,
  ModelVersion,
} from '@ai-platform/plugin-model-catalog-common';
import Chip from '@material-ui/core/Chip';
import { formatDate } from '@ai-platform/plugin-ai-platform-react';

/**
 * The model's registered versions with aliases, stage and artifact.
 *
 * @public
 */
export function ModelVersionsCard() {
  const { entity } = useEntity();
  const versions = getModelMetadata(entity).versions ?? [];
  if (versions.length === 0) {
    return (
      <InfoCard title="Versions">
        <EmptyState
          missing="data"
          title="No versions recorded"
          description="Versions come from the model registry (MLflow, Kubeflow) or spec.model.versions."
        />
      </InfoCard>
    );
  }
  return (
    <Table<ModelVersion>
      title="Versions"
      options={{
        paging: false,
        search: versions.length > 10,
        padding: 'dense',
      }}
      columns={[
        { title: 'Version', field: 'version', highlight: true },
        {
          title: 'Aliases',
          field: 'aliases',
          render: v =>
            (v.aliases ?? []).map(a => (
              <Chip key={a} size="small" label={a} style={{ marginRight: 4 }} />
            )),
        },
        { title: 'Stage', field: 'stage' },
        {
          title: 'Created',
          field: 'createdAt',
          type: 'datetime',
          render: v => formatDate(v.createdAt),
        },
        { title: 'Artifact', field: 'artifactUri' },
      ]}
      data={versions.map(v => ({ ...v }))}
    />
  );
}
