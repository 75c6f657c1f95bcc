import Typography from '@material-ui/core/Typography';
import { formatNumber } from '@ai-platform/plugin-ai-platform-react';
import type { ServingServer } from '@ai-platform/plugin-gpu-metrics-common';

/** Props of {@link ServingServers}. */
export interface ServingServersProps {
  servers: ServingServer[];
}

/** Where the figures come from: each server's cluster, namespace, models, pods and GPUs. */
export function ServingServers(props: ServingServersProps) {
  const { servers } = props;
  return (
    <ul aria-label="Model servers" style={{ margin: 0, paddingLeft: 20 }}>
      {servers.map(s => (
        <Typography
          component="li"
          variant="body2"
          color="textSecondary"
          key={`${s.cluster}/${s.serverAddress}`}
        >
          {s.models.join(', ') || 'unnamed model'} on {s.cluster}/{s.namespace}{' '}
          ({s.serverAddress}): {formatNumber(s.pods.length)} pod
          {s.pods.length === 1 ? '' : 's'}, {formatNumber(s.gpus)} GPU
          {s.gpus === 1 ? '' : 's'}
        </Typography>
      ))}
    </ul>
  );
}
