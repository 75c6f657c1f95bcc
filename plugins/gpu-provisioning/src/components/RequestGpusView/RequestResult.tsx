import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { entityName, formatGpu } from '../../utils/format';
import { HowToUse } from '../shared/HowToUse';
import { StatusChip } from '../shared/StatusChip';
import { useGpuPageLink } from '../shared/useGpuPageLink';
import { ButtonLink } from '../shared/ButtonLink';
import { useNow } from '../shared/useNow';
import { isScheduled, windowOf } from '../../utils/schedule';
import {
  formatCurrency,
  formatGpuHours,
  formatHours,
  formatTimeLeft,
  formatWeekdayTime,
} from '@ai-platform/plugin-ai-platform-react';

const useStyles = makeStyles((theme: Theme) => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
}));

function outcome(
  request: GpuRequest,
  now: number,
): {
  severity: 'success' | 'info' | 'error';
  title: string;
  text: string;
} {
  const window = windowOf(request);
  if (window && isScheduled(request, now)) {
    return request.status === 'pending-approval'
      ? {
          severity: 'info',
          title: `Waiting for approval, for ${window}`,
          text: 'An approver reviews requests this large. The window stays booked for your team meanwhile.',
        }
      : {
          severity: 'success',
          title: `Booked for ${window}`,
          text: `The team’s quota and the cluster’s capacity are held for the window. The namespace is created when the window starts, in ${formatTimeLeft(
            request.startAt,
            now,
          )}, and removed when it ends.`,
        };
  }
  switch (request.status) {
    case 'active':
      return {
        severity: 'success',
        title: 'GPUs granted',
        text: 'The quota is in place: start your workloads in the namespace below.',
      };
    case 'pending-approval':
      return {
        severity: 'info',
        title: 'Request submitted for approval',
        text: 'An approver reviews requests this large. You are notified when they decide; the team’s quota is held meanwhile.',
      };
    case 'approved':
    case 'provisioning':
      return {
        severity: 'info',
        title: 'GPUs being provisioned',
        text: 'The namespace and its quota are being created; this takes a few seconds.',
      };
    case 'failed':
      return {
        severity: 'error',
        title: 'Provisioning failed',
        text: request.lastError ?? 'The cluster refused the grant.',
      };
    default:
      return {
        severity: 'info',
        title: 'Request recorded',
        text: `Status: ${request.status}.`,
      };
  }
}

/** Props of {@link RequestResult}. */
export interface RequestResultProps {
  request: GpuRequest;
  /** GPU class ids to display names. */
  classNames: Record<string, string>;
  /** Starts a new request. */
  onRequestMore(): void;
}

/** What became of a submitted request, and how to use the GPUs. */
export function RequestResult(props: RequestResultProps) {
  const { request, classNames, onRequestMore } = props;
  const classes = useStyles();
  const link = useGpuPageLink();
  const now = useNow();
  const result = outcome(request, now);
  const window = windowOf(request);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Alert severity={result.severity} role="status">
          <AlertTitle>
            <Typography variant="h6" component="h3">
              {result.title}
            </Typography>
          </AlertTitle>
          {result.text}
        </Alert>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Request">
          <dl className={classes.facts}>
            <dt>Status</dt>
            <dd>
              <StatusChip status={request.status} startAt={request.startAt} />
            </dd>
            {window && (
              <>
                <dt>Window</dt>
                <dd>{window}</dd>
              </>
            )}
            <dt>GPUs</dt>
            <dd>
              {request.count} × {formatGpu(request, classNames)}
            </dd>
            <dt>Cluster</dt>
            <dd>{request.cluster}</dd>
            <dt>Team</dt>
            <dd>{entityName(request.team)}</dd>
            {request.entityRef && (
              <>
                <dt>For</dt>
                <dd>{entityName(request.entityRef)}</dd>
              </>
            )}
            <dt>Namespace</dt>
            <dd>
              <code>
                {request.namespace ??
                  (request.startAt
                    ? 'created when the window starts'
                    : 'created once approved')}
              </code>
            </dd>
            <dt>Duration</dt>
            <dd>
              {formatHours(request.durationHours)} (
              {formatGpuHours(request.gpuHours)})
            </dd>
            <dt>Expires</dt>
            <dd>
              {request.expiresAt
                ? formatWeekdayTime(request.expiresAt)
                : `${formatHours(request.durationHours)} after it is granted`}
            </dd>
            <dt>Estimated cost</dt>
            <dd>{formatCurrency(request.estimatedCost)}</dd>
            <dt>Request ID</dt>
            <dd>
              <code>{request.id}</code>
            </dd>
          </dl>
          <Box mt={3} display="flex" gridGap={8} flexWrap="wrap">
            <Button variant="contained" color="primary" onClick={onRequestMore}>
              Request more GPUs
            </Button>
            <ButtonLink variant="outlined" to={link('requests')}>
              View my requests
            </ButtonLink>
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="How to use">
          <HowToUse request={request} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
