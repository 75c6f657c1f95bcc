import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import { useGpuPageLink } from '../shared/useGpuPageLink';
import { ButtonLink } from '../shared/ButtonLink';
import { RequestGpusForm } from './RequestGpusForm';
import { useMemberTeams } from './useMemberTeams';

/**
 * The GPU request form with its live summary, and the result once submitted.
 * Reads `team`, `entityRef`, `cluster`, `gpuClass` and `migProfile` from the
 * query string to start from a link.
 */
export function RequestGpusView() {
  const api = useApi(gpuProvisioningApiRef);
  const link = useGpuPageLink();
  const teams = useMemberTeams();
  const classes = useAsync(() => api.getClasses(), [api]);
  const capacity = useAsync(() => api.getCapacity(), [api]);

  if (teams.loading || classes.loading) {
    return <Progress />;
  }
  if (classes.error) {
    return <ResponseErrorPanel error={classes.error} />;
  }
  if (teams.error) {
    return <ResponseErrorPanel error={teams.error} />;
  }
  if (!teams.value?.length) {
    return (
      <EmptyState
        missing="info"
        title="You are not in a team yet"
        description="GPUs are granted to teams, against the team's quota. Ask your manager to add you to your team's Group in the catalog, then come back."
        action={
          <ButtonLink
            variant="outlined"
            color="primary"
            to="/catalog?filters[kind]=group"
          >
            Browse teams
          </ButtonLink>
        }
      />
    );
  }
  if (!classes.value?.classes.length) {
    return (
      <EmptyState
        missing="data"
        title="No GPU classes are configured"
        description="The platform team has not configured any GPU class yet (gpuProvisioning.gpuClasses), so there is nothing to request."
        action={
          <ButtonLink variant="outlined" color="primary" to={link('capacity')}>
            See capacity
          </ButtonLink>
        }
      />
    );
  }
  return (
    <RequestGpusForm
      teams={teams.value}
      classes={classes.value.classes}
      policy={classes.value.policy}
      capacity={capacity.value}
    />
  );
}
