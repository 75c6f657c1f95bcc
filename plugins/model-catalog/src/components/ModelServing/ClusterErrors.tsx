import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import type { ClusterError } from '@ai-platform/plugin-gpu-metrics-common';

/** Props of {@link ClusterErrors}. */
export interface ClusterErrorsProps {
  errors: ClusterError[];
}

/** One warning per cluster whose figures could not be read; the rest stands. */
export function ClusterErrors(props: ClusterErrorsProps) {
  const { errors } = props;
  if (errors.length === 0) return null;
  return (
    <Box mb={2}>
      {errors.map(e => (
        <Alert key={e.cluster} severity="warning">
          Figures of cluster {e.cluster} are missing: {e.message}
        </Alert>
      ))}
    </Box>
  );
}
