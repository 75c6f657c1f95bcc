import { useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import { useGpuPageLink } from '../shared/useGpuPageLink';
import { ButtonLink } from '../shared/ButtonLink';
import { RequestsTable } from './RequestsTable';

type Scope = 'mine' | 'team';

/** The user's requests, or those of the user's teams, and what to do with them. */
export function RequestsView() {
  const api = useApi(gpuProvisioningApiRef);
  const link = useGpuPageLink();
  const [scope, setScope] = useState<Scope>('mine');
  const requests = useAsyncRetry(
    () => api.listRequests({ scope }),
    [api, scope],
  );
  const classes = useAsync(() => api.getClasses(), [api]);
  const classNames = Object.fromEntries(
    (classes.value?.classes ?? []).map(c => [c.id, c.displayName]),
  );

  return (
    <>
      <Box mb={2} display="flex" alignItems="center" gridGap={16}>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={scope}
          aria-label="Whose requests"
          onChange={(_e, value: Scope | null) => value && setScope(value)}
        >
          <ToggleButton value="mine">Mine</ToggleButton>
          <ToggleButton value="team">My teams</ToggleButton>
        </ToggleButtonGroup>
      </Box>
      {requests.loading && !requests.value && <Progress />}
      {requests.error && <ResponseErrorPanel error={requests.error} />}
      {!requests.error && requests.value && (
        <RequestsTable
          title={scope === 'mine' ? 'My requests' : 'My teams’ requests'}
          requests={requests.value.items}
          classNames={classNames}
          loading={requests.loading}
          onChanged={requests.retry}
          emptyContent={
            <EmptyState
              missing="content"
              title={
                scope === 'mine'
                  ? 'You have no GPU requests yet'
                  : 'Your teams have no GPU requests yet'
              }
              description="Ask for GPUs for your team: small requests are granted in seconds, as quota in a namespace of their own."
              action={
                <ButtonLink
                  variant="contained"
                  color="primary"
                  to={link('request')}
                >
                  Request GPUs
                </ButtonLink>
              }
            />
          }
        />
      )}
    </>
  );
}
