import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  GpuClassCapacity,
  TeamQuota,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  quotaErrorText,
  StartEstimate,
  startEstimateText,
} from '@ai-platform/plugin-gpu-provisioning-react';
import {
  formatCurrency,
  formatGpuHours,
  formatNumber,
  formatWeekdayTime,
} from '@ai-platform/plugin-ai-platform-react';
import { nextWholeMinute } from '../../utils/schedule';

const useStyles = makeStyles((theme: Theme) => ({
  list: { margin: 0 },
  row: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 0),
  },
  term: { color: theme.palette.text.secondary },
  value: { margin: 0, fontWeight: 500, textAlign: 'right' },
  big: { fontSize: theme.typography.h5.fontSize, fontWeight: 600 },
  bar: { height: 6, borderRadius: 3, marginBottom: theme.spacing(0.5) },
  notice: { marginTop: theme.spacing(2) },
}));

/** Props of {@link RequestSummary}. */
export interface RequestSummaryProps {
  /** The chosen team's display name. */
  teamTitle?: string;
  /** What the chosen GPUs are called, e.g. `A100 80GB` or `A100 80GB · MIG 1g.10gb`. */
  gpuTitle?: string;
  /** `GPUs` or `MIG instances`. */
  unit: string;
  quota: { loading: boolean; error?: Error; value?: TeamQuota };
  capacity?: GpuClassCapacity;
  cluster?: string;
  count?: number;
  hours?: number;
  hourlyRate?: number;
  approvalThresholdGpuHours: number;
  /** The policy's verdict: more GPU-hours than the threshold. */
  needsApproval: boolean;
  classificationWarning?: string;
  /** Whether it would start now, when and why; absent until the form is complete. */
  startEstimate?: { loading: boolean; error?: Error; value?: StartEstimate };
  /** The window booked when the request starts later, in the user's zone. */
  bookedWindow?: string;
  /**
   * The team's quota free through the request's whole window (now or the
   * booked one), after its other bookings; absent until it can be told.
   */
  windowQuota?: { free: number; limit: number };
  /**
   * Books the request from when the estimate says it fits (`startsAt`):
   * offered when it cannot start now but can later.
   */
  onBookAt?: (startsAt: string) => void;
}

function Row(props: { term: string; children: ReactNode; big?: boolean }) {
  const classes = useStyles();
  return (
    <div className={classes.row}>
      <Typography component="dt" variant="body2" className={classes.term}>
        {props.term}
      </Typography>
      <Typography
        component="dd"
        variant="body1"
        className={`${classes.value} ${props.big ? classes.big : ''}`}
      >
        {props.children}
      </Typography>
    </div>
  );
}

/**
 * The live summary beside the form: the team's quota left, free capacity on
 * the cluster, GPU-hours, estimated cost, and whether an approver must agree.
 */
export function RequestSummary(props: RequestSummaryProps) {
  const {
    teamTitle,
    gpuTitle,
    unit,
    quota,
    capacity,
    cluster,
    count,
    hours,
    hourlyRate,
    approvalThresholdGpuHours,
    needsApproval,
    classificationWarning,
    startEstimate,
    bookedWindow,
    windowQuota,
    onBookAt,
  } = props;
  const classes = useStyles();
  const valid = (n?: number): n is number =>
    n !== undefined && Number.isInteger(n) && n > 0;
  const gpuHours = valid(count) && valid(hours) ? count * hours : undefined;
  const cost =
    gpuHours !== undefined && hourlyRate !== undefined
      ? gpuHours * hourlyRate
      : undefined;
  // Bookings that start within the window take quota the "left now" figure still shows.
  const remaining = windowQuota?.free ?? quota.value?.remaining;
  const overQuota =
    remaining !== undefined && valid(count) && count > remaining;
  const overCapacity =
    capacity !== undefined && valid(count) && count > capacity.free;

  // When a request that cannot start now would fit, to offer booking it then.
  const startsAt =
    startEstimate?.value?.outcome === 'later'
      ? startEstimate.value.startsAt
      : undefined;
  const bookFrom = startsAt ? nextWholeMinute(startsAt) : undefined;

  let quotaText: ReactNode = '—';
  if (!teamTitle || !gpuTitle) {
    quotaText = 'Choose a team and GPU class';
  } else if (quota.loading) {
    quotaText = 'Loading…';
  } else if (quota.error) {
    quotaText = quotaErrorText(quota.error);
  } else if (!quota.value) {
    quotaText = 'No quota for this class';
  } else if (windowQuota && windowQuota.free < quota.value.remaining) {
    quotaText = `${formatNumber(windowQuota.free)} of ${formatNumber(
      windowQuota.limit,
    )} left for these hours (${formatNumber(
      quota.value.remaining - windowQuota.free,
    )} booked)`;
  } else {
    quotaText = `${formatNumber(quota.value.remaining)} of ${formatNumber(
      quota.value.limit,
    )} left`;
  }

  return (
    <InfoCard title="Summary" subheader="Updates as you type">
      <aside aria-label="Request summary" aria-live="polite">
        <dl className={classes.list}>
          <Row term={`Quota left${teamTitle ? ` for ${teamTitle}` : ''}`}>
            {quotaText}
          </Row>
        </dl>
        {quota.value && quota.value.limit > 0 && (
          <LinearProgress
            className={classes.bar}
            variant="determinate"
            value={Math.min(100, (quota.value.used / quota.value.limit) * 100)}
            aria-label="Quota used"
          />
        )}
        <dl className={classes.list}>
          <Row term={`Free on ${cluster || 'the cluster'}`}>
            {capacity
              ? `${formatNumber(capacity.free)} of ${formatNumber(
                  capacity.total,
                )} ${unit}`
              : '—'}
          </Row>
        </dl>
        <dl className={classes.list}>
          {bookedWindow ? (
            <Row term="Starts">Booked for {bookedWindow}</Row>
          ) : (
            <Row term="Starts">{startEstimateText(startEstimate)}</Row>
          )}
        </dl>
        {bookedWindow && (
          <Typography variant="caption" color="textSecondary" component="p">
            The team’s quota and the cluster’s capacity must have room at every
            hour of the window; the namespace is created when it starts and
            removed when it ends.
          </Typography>
        )}
        {!bookedWindow &&
          startEstimate?.value &&
          startEstimate.value.outcome !== 'now' && (
            <Typography variant="caption" color="textSecondary" component="p">
              {startEstimate.value.reason}
            </Typography>
          )}
        {!bookedWindow && bookFrom && onBookAt && (
          <Box mt={1} mb={1}>
            <Button
              size="small"
              variant="outlined"
              color="primary"
              onClick={() => onBookAt(bookFrom)}
            >
              Book it from {formatWeekdayTime(bookFrom)}
            </Button>
          </Box>
        )}
        <Divider />
        <dl className={classes.list}>
          <Row term="GPU-hours">
            {gpuHours !== undefined ? formatGpuHours(gpuHours) : '—'}
          </Row>
          <Row term="Estimated cost" big>
            {cost !== undefined ? formatCurrency(cost) : '—'}
          </Row>
        </dl>
        {cost !== undefined && hourlyRate !== undefined && (
          <Typography variant="caption" color="textSecondary">
            {count} × {hours} h × {formatCurrency(hourlyRate)} per{' '}
            {unit === 'GPUs' ? 'GPU' : 'instance'}-hour
          </Typography>
        )}

        {needsApproval && (
          <Alert severity="info" className={classes.notice}>
            <AlertTitle>Needs approval</AlertTitle>
            {formatGpuHours(gpuHours!)} is over the{' '}
            {formatNumber(approvalThresholdGpuHours)} GPU-hour threshold, so an
            approver reviews this request first. The team’s quota is held
            meanwhile.
          </Alert>
        )}
        {overQuota && (
          <Alert severity="error" className={classes.notice}>
            <AlertTitle>Over quota</AlertTitle>
            {teamTitle} has {formatNumber(remaining!)} {unit} of this class
            left; the request will be refused now.{' '}
            {bookFrom && onBookAt && !bookedWindow
              ? 'Book it for when GPUs free up, ask for fewer, or release a grant first.'
              : 'Ask for fewer, or release a grant first.'}
          </Alert>
        )}
        {!overQuota && overCapacity && (
          <Alert severity="warning" className={classes.notice}>
            <AlertTitle>Little free capacity</AlertTitle>
            Only {formatNumber(capacity!.free)} {unit} are free on {cluster}{' '}
            now. The grant is quota: your pods wait until GPUs free up.
          </Alert>
        )}
        {classificationWarning && (
          <Alert severity="warning" className={classes.notice}>
            <AlertTitle>Check the cluster</AlertTitle>
            {classificationWarning}
          </Alert>
        )}
        {!needsApproval && gpuHours !== undefined && (
          <Box mt={2}>
            <Typography variant="body2" color="textSecondary">
              Up to {formatNumber(approvalThresholdGpuHours)} GPU-hours is
              granted at once.
            </Typography>
          </Box>
        )}
      </aside>
    </InfoCard>
  );
}
