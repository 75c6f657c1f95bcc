import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { ClusterError } from '../../api';

/** Props of {@link ClusterErrors}. */
export interface ClusterErrorsProps {
  errors: ClusterError[];
}

/** One warning per cluster whose metrics could not be read. */
export function ClusterErrors(props: ClusterErrorsProps) {
  const { errors } = props;
  if (errors.length === 0) return null;
  return (
    <Box mb={2}>
      {errors.map(e => (
        <Alert key={e.cluster} severity="warning">
          Metrics of cluster {e.cluster} are missing: {e.message}
        </Alert>
      ))}
    </Box>
  );
}
