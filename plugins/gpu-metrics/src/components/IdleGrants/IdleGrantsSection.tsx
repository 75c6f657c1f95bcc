import { Progress } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  GpuProvisioningApi,
  gpuProvisioningApiRef,
} from '@ai-platform/plugin-gpu-provisioning-react';
import { describeError } from '@ai-platform/plugin-ai-platform-react';
import { IdleGrantsTable } from './IdleGrantsTable';
import { IdlePolicyReportCard } from './IdlePolicyReportCard';
import { useIsGpuApprover } from '@ai-platform/plugin-gpu-provisioning-react';

/** Props of {@link IdleGrantsSection}. */
export interface IdleGrantsSectionProps {
  /** Only the grants of this team (a Group ref), for a card on its page. */
  team?: string;
  /** Only the grants for this entity, for a card on its page. */
  entityRef?: string;
}

function sameRef(a: string | undefined, b: string): boolean {
  return a?.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

/** On a card: one team's or entity's grants, shown only when there are some. */
function ScopedIdleGrants(
  props: IdleGrantsSectionProps & { api: GpuProvisioningApi },
) {
  const { api, team, entityRef } = props;
  const grants = useAsyncRetry(() => api.listIdleGrants(), [api]);
  const gpuClasses = useAsync(() => api.getClasses(), [api]);
  const classNames = Object.fromEntries(
    (gpuClasses.value?.classes ?? []).map(c => [c.id, c.displayName]),
  );
  if (grants.error) {
    const { title, message } = describeError(grants.error);
    return (
      <Alert severity="error">{`Idle GPU grants: ${title}: ${message}`}</Alert>
    );
  }
  const items = (grants.value?.items ?? []).filter(
    g =>
      (!team || sameRef(g.team, team)) &&
      (!entityRef || sameRef(g.entityRef, entityRef)),
  );
  if (items.length === 0) return null;
  return (
    <IdleGrantsTable
      api={api}
      grants={items}
      classNames={classNames}
      onChanged={grants.retry}
    />
  );
}

function IdleGrants(props: { api: GpuProvisioningApi }) {
  const { api } = props;
  const grants = useAsyncRetry(() => api.listIdleGrants(), [api]);
  const { approver } = useIsGpuApprover();
  const report = useAsyncRetry(
    async () => (approver ? api.getIdlePolicyReport() : undefined),
    [api, approver],
  );
  const gpuClasses = useAsync(() => api.getClasses(), [api]);
  const classNames = Object.fromEntries(
    (gpuClasses.value?.classes ?? []).map(c => [c.id, c.displayName]),
  );
  const refresh = () => {
    grants.retry();
    report.retry();
  };

  let list;
  if (grants.error) {
    const { title, message } = describeError(grants.error);
    list = (
      <Alert severity="error">{`Idle GPU grants: ${title}: ${message}`}</Alert>
    );
  } else if (grants.loading && !grants.value) {
    list = <Progress />;
  } else if (grants.value) {
    list = (
      <>
        {grants.value.errors.map(e => (
          <Box mb={1} key={e.cluster}>
            <Alert severity="warning">
              Idle hours of grants on cluster {e.cluster} could not be read:{' '}
              {e.message}
            </Alert>
          </Box>
        ))}
        <IdleGrantsTable
          api={api}
          grants={grants.value.items}
          classNames={classNames}
          onChanged={refresh}
        />
      </>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={approver ? 8 : 12}>
        {list}
      </Grid>
      {approver && (
        <Grid item xs={12} lg={4}>
          <IdlePolicyReportCard
            report={report.value}
            loading={report.loading}
            error={report.error}
          />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * The idle GPU grants of GPU provisioning, with their actions, and for
 * approvers the idle policy's dry run. Given a team or an entity (on a
 * card), only its grants, without the dry run, and nothing when it has
 * none. Shown only in apps that have the GPU provisioning plugin's API;
 * without it, nothing.
 */
export function IdleGrantsSection(props: IdleGrantsSectionProps) {
  const { team, entityRef } = props;
  const api = useApiHolder().get(gpuProvisioningApiRef);
  if (!api) return null;
  if (team || entityRef) {
    return <ScopedIdleGrants api={api} team={team} entityRef={entityRef} />;
  }
  return <IdleGrants api={api} />;
}
