import Chip from '@material-ui/core/Chip';
import DotIcon from '@material-ui/icons/FiberManualRecord';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { GpuRequestStatus } from '@ai-platform/plugin-gpu-provisioning-common';

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

type Tone = 'ok' | 'pending' | 'running' | 'error' | 'ended';

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
    error: tone(status.error),
    ended: tone(theme.palette.text.disabled),
  };
});

/** Props of {@link StatusChip}. */
export interface StatusChipProps {
  status: GpuRequestStatus;
}

/** A request's status as a small outlined chip. */
export function StatusChip(props: StatusChipProps) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      variant="outlined"
      className={`${classes.chip} ${classes[TONES[props.status] ?? 'ended']}`}
      icon={<DotIcon className={classes.dot} aria-hidden />}
      label={STATUS_LABELS[props.status] ?? props.status}
    />
  );
}
