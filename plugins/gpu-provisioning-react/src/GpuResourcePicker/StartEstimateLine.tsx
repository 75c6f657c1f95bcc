import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import { startEstimateText, StartEstimateState } from '../startEstimate';

/** Props of {@link StartEstimateLine}. */
export interface StartEstimateLineProps {
  estimate: StartEstimateState;
}

/**
 * "Starts: In about 2 h" and the estimate's reason sentence, announced
 * politely as they change, the way the request form's summary says it.
 */
export function StartEstimateLine(props: StartEstimateLineProps) {
  const { estimate } = props;
  const value = estimate.loading ? undefined : estimate.value;
  return (
    <Box
      role="status"
      aria-live="polite"
      aria-label="When it would start"
      aria-busy={estimate.loading}
      mb={1}
    >
      <Typography variant="body1">
        <strong>Starts:</strong> {startEstimateText(estimate)}
        {estimate.loading && (
          <CircularProgress size={12} aria-hidden style={{ marginLeft: 8 }} />
        )}
      </Typography>
      {value && value.outcome !== 'now' && (
        <Typography variant="body2" color="textSecondary">
          {value.reason}
        </Typography>
      )}
      {!estimate.loading && estimate.error && (
        <Typography variant="body2" color="error">
          Whether it would start could not be read: {estimate.error.message}
        </Typography>
      )}
    </Box>
  );
}
