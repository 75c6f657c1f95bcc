import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';

/**
 * Props of {@link ClusterErrorAlerts}.
 *
 * @public
 */
export interface ClusterErrorAlertsProps {
  /** The clusters that could not be read, as the suite's backends list them. */
  errors: ReadonlyArray<{ cluster: string; message: string }>;
  /** What is missing, capitalised: `Metrics`, `Figures`. */
  what?: string;
}

/**
 * One warning per cluster whose data could not be read; the rest of the
 * answer stands, so the warnings sit above it rather than replace it.
 *
 * @public
 */
export function ClusterErrorAlerts(props: ClusterErrorAlertsProps) {
  const { errors, what = 'Metrics' } = props;
  if (errors.length === 0) return null;
  return (
    <>
      {errors.map(e => (
        <Box mb={1} key={e.cluster}>
          <Alert severity="warning">
            {what} of cluster {e.cluster} are missing: {e.message}
          </Alert>
        </Box>
      ))}
    </>
  );
}
