import Chip from '@material-ui/core/Chip';
import DotIcon from '@material-ui/icons/FiberManualRecord';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  GpuRequest,
  GpuRequestStatus,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { useNow } from './useNow';

/** People's words for each status. */
export const STATUS_LABELS: Record<GpuRequestStatus, string> = {
  'pending-approval': 'Pending approval',
  approved: 'Approved',
  provisioning: 'Provisioning',
  active: 'Active',
  rejected: 'Rejected',
  released: 'Released',
  expired: 'Expired',
  failed: 'Failed',
  'namespace-missing': 'Namespace missing',
};

type Tone = 'ok' | 'pending' | 'running' | 'scheduled' | 'error' | 'ended';

const TONES: Record<GpuRequestStatus, Tone> = {
  'pending-approval': 'pending',
  approved: 'running',
  provisioning: 'running',
  active: 'ok',
  rejected: 'error',
  released: 'ended',
  expired: 'ended',
  failed: 'error',
  'namespace-missing': 'error',
};

const useStyles = makeStyles((theme: Theme) => {
  const { status } = theme.palette;
  const tone = (color: string) => ({ '& $dot': { color } });
  return {
    chip: { fontWeight: 500 },
    dot: { fontSize: 12 },
    ok: tone(status.ok),
    pending: tone(status.warning),
    running: tone(status.running),
    scheduled: tone(theme.palette.info.main),
    error: tone(status.error),
    ended: tone(theme.palette.text.disabled),
  };
});

/**
 * Whether an approved request waits for its booked window: it shows as
 * "Scheduled" rather than "Approved" until its start.
 */
export function isWaitingForWindow(
  request: Pick<GpuRequest, 'status' | 'startAt'>,
  now: number,
): boolean {
  return (
    request.status === 'approved' &&
    Boolean(request.startAt) &&
    Date.parse(request.startAt!) > now
  );
}

/** People's word for where a request is, `Scheduled` for a booked window not yet started. */
export function statusLabelOf(
  request: Pick<GpuRequest, 'status' | 'startAt'>,
  now: number,
): string {
  return isWaitingForWindow(request, now)
    ? 'Scheduled'
    : STATUS_LABELS[request.status] ?? request.status;
}

/** Props of {@link StatusChip}. */
export interface StatusChipProps {
  status: GpuRequestStatus;
  /** The start of a booked window; before it an approved request is `Scheduled`. */
  startAt?: string;
}

/** A request's status as a small outlined chip. */
export function StatusChip(props: StatusChipProps) {
  const classes = useStyles();
  const now = useNow();
  const scheduled = isWaitingForWindow(props, now);
  const tone = scheduled ? 'scheduled' : TONES[props.status] ?? 'ended';
  return (
    <Chip
      size="small"
      variant="outlined"
      className={`${classes.chip} ${classes[tone]}`}
      icon={<DotIcon className={classes.dot} aria-hidden />}
      label={statusLabelOf(props, now)}
    />
  );
}
