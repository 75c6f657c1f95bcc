import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { useQueuePosition } from './useQueuePosition';

/** Props of {@link QueuePositionLine}. */
export interface QueuePositionLineProps {
  request: Pick<GpuRequest, 'id' | 'status'>;
}

/** A clock time in the viewer's zone: "18:00". */
function clockTime(at: string): string {
  return new Date(at).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * Under an active grant's status: while some of its jobs wait for GPUs,
 * their place in the cluster's queue (refreshed live), what is ahead and,
 * on hover and below, what would let them start. Nothing while nothing
 * waits.
 */
export function QueuePositionLine(props: QueuePositionLineProps) {
  const { request } = props;
  const { position, error } = useQueuePosition(
    request.id,
    request.status === 'active',
  );
  if (!position || position.state !== 'waiting') {
    return error && !position ? (
      <Typography variant="caption" display="block" color="textSecondary">
        Queue position unavailable: {error.message}
      </Typography>
    ) : null;
  }
  return (
    <Box mt={0.5} minWidth={240} maxWidth={360}>
      <Tooltip title={position.startsWhen ?? ''}>
        <Typography variant="caption" display="block" color="primary">
          Waiting: #{position.position} in {position.queue}
        </Typography>
      </Tooltip>
      <Typography variant="caption" display="block" color="textSecondary">
        {position.summary}
      </Typography>
      {position.nextRelease && (
        <Typography variant="caption" display="block" color="textSecondary">
          Next grant of the queue ends at {clockTime(position.nextRelease.at)},
          freeing {position.nextRelease.gpus}.
        </Typography>
      )}
      {position.startsWhen && (
        <Typography variant="caption" display="block" color="textSecondary">
          {position.startsWhen}
        </Typography>
      )}
    </Box>
  );
}
