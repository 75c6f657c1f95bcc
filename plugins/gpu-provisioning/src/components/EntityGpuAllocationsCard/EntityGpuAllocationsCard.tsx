import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import {
  GpuRequest,
  QUOTA_HOLDING_STATUSES,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  describeError,
  formatNumber,
  formatTimeLeft,
  formatWeekdayTime,
  msUntil,
} from '@ai-platform/plugin-ai-platform-react';
import { formatGpu } from '../../utils/format';
import { isWaitingForWindow, StatusChip } from '../shared/StatusChip';
import { formatStartsIn, windowOf } from '../../utils/schedule';
import { useGpuPageLink } from '../shared/useGpuPageLink';
import { ButtonLink } from '../shared/ButtonLink';
import { useIsGpuApprover } from '@ai-platform/plugin-gpu-provisioning-react';
import { useNow } from '../shared/useNow';

const useStyles = makeStyles((theme: Theme) => ({
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, 1fr)',
    gap: theme.spacing(2),
    margin: 0,
    marginBottom: theme.spacing(2),
  },
  stat: { margin: 0 },
  statValue: {
    margin: 0,
    fontSize: theme.typography.h4.fontSize,
    fontWeight: 600,
    lineHeight: 1.2,
  },
  item: { paddingLeft: 0, paddingRight: 0, gap: theme.spacing(2) },
  status: { flex: '0 0 150px' },
}));

const MAX_LISTED = 5;

/** Whether a grant holds GPUs now, as opposed to waiting for approval or its window. */
const isHeld = (r: GpuRequest, now: number) =>
  QUOTA_HOLDING_STATUSES.includes(r.status) &&
  r.status !== 'pending-approval' &&
  !isWaitingForWindow(r, now);

/** The line under a grant: its window, namespace or time left. */
function detailsOf(r: GpuRequest, now: number): string {
  if (r.startAt && Date.parse(r.startAt) > now) {
    const when = `${formatStartsIn(r.startAt, now)} · ${windowOf(r)}`;
    return r.status === 'pending-approval'
      ? `Waiting for approval · ${when}`
      : when;
  }
  if (r.status === 'pending-approval') return 'Waiting for approval';
  return [
    r.namespace,
    r.expiresAt && `${formatTimeLeft(r.expiresAt, now)} left`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function ownerOf(entity: Entity): string | undefined {
  return entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef;
}

/**
 * The GPU grants of the entity on the page: a Group's (its team's grants) or
 * a Component's or System's. Shows GPUs held, GPU-hours and the nearest
 * expiry, with a link to request more.
 */
export function EntityGpuAllocationsCard() {
  const { entity } = useEntity();
  const api = useApi(gpuProvisioningApiRef);
  const link = useGpuPageLink();
  const now = useNow();
  const classes = useStyles();
  const entityRef = stringifyEntityRef(entity);
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  const name = entity.metadata.title ?? entity.metadata.name;

  // Approvers see every grant (`scope=all`), everyone else the grants of
  // their own teams (`scope=team`); asked once the policy has said which.
  const { loading: askingPolicy, approver } = useIsGpuApprover();
  const { value, loading, error } = useAsync(async () => {
    if (askingPolicy) return undefined;
    const filter = isGroup ? { team: entityRef } : { entityRef };
    const scope = approver ? 'all' : 'team';
    const { items } = await api.listRequests({ scope, ...filter });
    return { items, onlyOwnTeams: !approver };
  }, [api, entityRef, isGroup, askingPolicy, approver]);

  // Display names of the GPU classes; the ids do until they arrive.
  const gpuClasses = useAsync(() => api.getClasses(), [api]);
  const classNames = Object.fromEntries(
    (gpuClasses.value?.classes ?? []).map(c => [c.id, c.displayName]),
  );

  const requestLink = link(
    'request',
    isGroup ? { team: entityRef } : { team: ownerOf(entity), entityRef },
  );
  const requestButton = (
    <ButtonLink variant="outlined" color="primary" to={requestLink}>
      Request GPUs
    </ButtonLink>
  );

  let content;
  if (loading || askingPolicy) {
    content = <Progress />;
  } else if (error && describeError(error).statusCode === 403) {
    content = (
      <Typography variant="body2" color="textSecondary">
        You may not see GPU grants.
      </Typography>
    );
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else {
    const current = (value?.items ?? [])
      .filter(r => QUOTA_HOLDING_STATUSES.includes(r.status))
      .sort((a, b) => msUntil(a.expiresAt, now) - msUntil(b.expiresAt, now));
    const held = current.filter(r => isHeld(r, now));
    const scheduled = current.filter(r => isWaitingForWindow(r, now));
    const pending = current.filter(r => r.status === 'pending-approval');

    if (current.length === 0) {
      content = (
        <EmptyState
          missing="data"
          title="No GPUs allocated"
          description={
            value?.onlyOwnTeams
              ? `No GPU grants or pending requests of your teams for ${name}. You see the grants of teams you belong to; approvers see all.`
              : `${name} holds no GPU grants and has no requests waiting for approval.`
          }
          action={requestButton}
        />
      );
    } else {
      const gpus = held
        .filter(r => !r.migProfile)
        .reduce((sum, r) => sum + r.count, 0);
      const migInstances = held
        .filter(r => r.migProfile)
        .reduce((sum, r) => sum + r.count, 0);
      const gpuHours = held.reduce((sum, r) => sum + r.gpuHours, 0);
      const nearest = held.find(r => r.expiresAt);

      content = (
        <>
          <dl className={classes.stats}>
            <div>
              <Typography component="dt" variant="body2" color="textSecondary">
                GPUs held
              </Typography>
              <dd className={classes.statValue}>{formatNumber(gpus)}</dd>
              {migInstances > 0 && (
                <Typography variant="caption" color="textSecondary">
                  and {formatNumber(migInstances)} MIG instances
                </Typography>
              )}
            </div>
            <div>
              <Typography component="dt" variant="body2" color="textSecondary">
                GPU-hours granted
              </Typography>
              <dd className={classes.statValue}>{formatNumber(gpuHours)}</dd>
            </div>
            <div>
              <Typography component="dt" variant="body2" color="textSecondary">
                Nearest expiry
              </Typography>
              <dd className={classes.statValue}>
                {nearest ? formatTimeLeft(nearest.expiresAt, now) : '—'}
              </dd>
              {nearest && (
                <Typography variant="caption" color="textSecondary">
                  {formatWeekdayTime(nearest.expiresAt)}
                </Typography>
              )}
            </div>
          </dl>
          {pending.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              {pending.length} request{pending.length === 1 ? '' : 's'} waiting
              for approval.
            </Typography>
          )}
          {scheduled.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              {scheduled.length} booking{scheduled.length === 1 ? '' : 's'}{' '}
              scheduled to start later.
            </Typography>
          )}
          <List dense aria-label={`GPU grants of ${name}`}>
            {current.slice(0, MAX_LISTED).map(r => (
              <ListItem key={r.id} className={classes.item} divider>
                <div className={classes.status}>
                  <StatusChip status={r.status} startAt={r.startAt} />
                </div>
                <ListItemText
                  primary={`${r.count} × ${formatGpu(r, classNames)} on ${
                    r.cluster
                  }`}
                  secondary={detailsOf(r, now)}
                />
              </ListItem>
            ))}
          </List>
          {current.length > MAX_LISTED && (
            <Typography variant="caption" color="textSecondary">
              and {current.length - MAX_LISTED} more
            </Typography>
          )}
          <Box mt={2}>{requestButton}</Box>
        </>
      );
    }
  }

  return (
    <InfoCard
      title="GPU allocations"
      subheader={
        isGroup
          ? `Active and pending GPU grants of ${name}`
          : `Active and pending GPU grants for ${name}`
      }
      deepLink={{ title: 'Open GPU provisioning', link: link('requests') }}
    >
      {content}
    </InfoCard>
  );
}
