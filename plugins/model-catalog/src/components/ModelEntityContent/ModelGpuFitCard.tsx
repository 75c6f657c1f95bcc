import {
  EmptyState,
  InfoCard,
  Progress,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  getModelMetadata,
  gpuFits,
  gpuMemoryNeededGiB,
  GpuClassMemory,
  ModelPrecision,
} from '@ai-platform/plugin-model-catalog-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { modelCatalogApiRef } from '../../api';

const PRECISIONS: ModelPrecision[] = ['bf16', 'fp8', 'int4'];

interface FitRow {
  id: string;
  gpuClass: string;
  [precision: string]: string;
}

/**
 * How many GPUs of each class the model needs at bf16, fp8 and int4, from
 * the fleet's GPU classes (gpu-provisioning) and the model's parameter count.
 *
 * @public
 */
export function ModelGpuFitCard() {
  const { entity } = useEntity();
  const api = useApi(modelCatalogApiRef);
  const model = getModelMetadata(entity);
  const { value, loading, error } = useAsync(() => api.getGpuClasses(), [api]);

  if (typeof model.parameters !== 'number') {
    return (
      <InfoCard title="GPU fit">
        <EmptyState
          missing="field"
          title="Parameter count unknown"
          description="Set spec.model.parameters to see the GPU memory the model needs."
        />
      </InfoCard>
    );
  }
  if (loading) {
    return (
      <InfoCard title="GPU fit">
        <Progress />
      </InfoCard>
    );
  }
  const parameters = model.parameters;
  const precisions = [
    ...new Set([...(model.precision ? [model.precision] : []), ...PRECISIONS]),
  ];
  const needed = Object.fromEntries(
    precisions.map(p => [
      p,
      model.gpuMemoryGiB?.[p] ?? gpuMemoryNeededGiB(parameters, p),
    ]),
  );
  // Without the GPU classes API, fall back to the classes the entity names.
  const classes: GpuClassMemory[] = value ?? [];
  const rows: FitRow[] = classes.map(gpuClass => {
    const row: FitRow = {
      id: gpuClass.id,
      gpuClass: `${gpuClass.displayName ?? gpuClass.id} (${Math.round(
        gpuClass.memoryMiB / 1024,
      )} GiB)`,
    };
    for (const p of precisions) {
      const [fit] = gpuFits(needed[p], [gpuClass]);
      row[p] = fit.fitsOnOne ? '✓ 1' : String(fit.gpusNeeded);
    }
    return row;
  });
  return (
    <InfoCard title="GPU fit">
      <Typography variant="body2" gutterBottom>
        Memory to serve it:{' '}
        {precisions.map(p => `${needed[p]} GiB at ${p}`).join(' · ')} (weights
        plus 20% for KV cache and activations).
      </Typography>
      {error && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          GPU classes are unavailable ({error.message}); the model records that
          it fits on: {model.fitsOn?.join(', ') || 'no class'}.
        </Typography>
      )}
      {rows.length > 0 && (
        <Table<FitRow>
          options={{
            paging: false,
            search: false,
            padding: 'dense',
            toolbar: false,
          }}
          columns={[
            { title: 'GPU class', field: 'gpuClass', highlight: true },
            ...precisions.map(p => ({
              title: `GPUs at ${p}`,
              field: p,
              align: 'center' as const,
            })),
          ]}
          data={rows}
        />
      )}
    </InfoCard>
  );
}
