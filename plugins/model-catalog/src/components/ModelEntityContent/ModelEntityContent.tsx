import Grid from '@material-ui/core/Grid';
import { ModelCardCard } from './ModelCardCard';
import { ModelDeploymentsCard } from './ModelDeploymentsCard';
import { ModelGpuFitCard } from './ModelGpuFitCard';
import { ModelLineageCard } from './ModelLineageCard';
import { ModelOverviewCard } from './ModelOverviewCard';
import { ModelVersionsCard } from './ModelVersionsCard';

/**
 * The "Model" tab of a model entity: facts and the Deploy action, GPU fit,
 * lineage, versions, deployments and the rendered model card.
 *
 * @public
 */
export function ModelEntityContent() {
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={6}>
        <ModelOverviewCard />
      </Grid>
      <Grid item xs={12} md={6}>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <ModelGpuFitCard />
          </Grid>
          <Grid item xs={12}>
            <ModelLineageCard />
          </Grid>
        </Grid>
      </Grid>
      <Grid item xs={12}>
        <ModelDeploymentsCard />
      </Grid>
      <Grid item xs={12}>
        <ModelVersionsCard />
      </Grid>
      <Grid item xs={12}>
        <ModelCardCard />
      </Grid>
    </Grid>
  );
}
