import { ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import { unavailableMessage } from '../../utils/unavailableMessage';

/** Props of {@link MetricsErrorPanel}. */
export interface MetricsErrorPanelProps {
  error: Error;
}

/**
 * A failed metrics call: a plain warning when Prometheus is down (503), the
 * full error panel otherwise.
 */
export function MetricsErrorPanel(props: MetricsErrorPanelProps) {
  const { error } = props;
  const message = unavailableMessage(error);
  if (message !== undefined) {
    return (
      <Alert severity="warning">GPU metrics are unavailable: {message}</Alert>
    );
  }
  return <ResponseErrorPanel error={error} />;
}
