import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  ClusterErrorAlerts,
  describeError,
} from '@ai-platform/plugin-ai-platform-react';
import { QuotaSharingClusterView } from './QuotaSharingClusterView';

/**
 * How a team's Kueue quota is shared in its department's cohort, on a Group
 * page: per Kueue cluster and GPU class, each member's nominal quota split
 * into in use, lent and idle, what it borrows beyond it, who borrows from
 * whom, and what happens to borrowed GPUs when their owner needs them back.
 */
export function EntityQuotaSharingCard() {
  const { entity } = useEntity();
  const api = useApi(gpuProvisioningApiRef);
  const team = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;
  const sharing = useAsync(() => api.getQuotaSharing({ team }), [api, team]);
  // Display names of the GPU classes; the ids do until they arrive.
  const gpuClasses = useAsync(() => api.getClasses(), [api]);
  const classNames = Object.fromEntries(
    (gpuClasses.value?.classes ?? []).map(c => [c.id, c.displayName]),
  );

  let content;
  if (sharing.loading) {
    content = <Progress />;
  } else if (sharing.error && describeError(sharing.error).statusCode === 403) {
    content = (
      <Typography variant="body2" color="textSecondary">
        Only members of {name}, of the teams above it and approvers see how its
        quota is shared.
      </Typography>
    );
  } else if (sharing.error) {
    content = <ResponseErrorPanel error={sharing.error} />;
  } else {
    const { items, errors } = sharing.value!;
    content = (
      <>
        <ClusterErrorAlerts errors={errors} what="ClusterQueues" />
        {items.length === 0 ? (
          <EmptyState
            missing="data"
            title="No shared quota"
            description={`${name} has no Kueue ClusterQueue in a cohort on any cluster, so it neither borrows nor lends GPUs.`}
          />
        ) : (
          items.map(item => (
            <Box key={item.cluster} mb={3}>
              <QuotaSharingClusterView
                item={item}
                teamName={name}
                classNames={classNames}
              />
            </Box>
          ))
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Shared GPU quota"
      subheader={`How ${name} borrows and lends GPUs in its department's Kueue cohort`}
    >
      {content}
    </InfoCard>
  );
}
