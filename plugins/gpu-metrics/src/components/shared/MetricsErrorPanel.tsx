import { ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  invalidMessage,
  unavailableMessage,
} from '../../utils/unavailableMessage';
import { isForbidden } from '@ai-platform/plugin-ai-platform-react';

/** Props of {@link MetricsErrorPanel}. */
export interface MetricsErrorPanelProps {
  error: Error;
  /** Who may see what was refused, shown under the title of a 403. */
  forbiddenDetail?: string;
}

/** The title of the answer to a 403. */
export const FORBIDDEN_TITLE = 'You can see GPU usage of your own teams only';

/**
 * A failed metrics call: a plain warning when Prometheus is down (503), an
 * explanation when the caller may not see it (403), the backend's message
 * when the entity's annotations are unusable (400), the full error panel
 * otherwise.
 */
export function MetricsErrorPanel(props: MetricsErrorPanelProps) {
  const { error, forbiddenDetail } = props;
  const unavailable = unavailableMessage(error);
  if (unavailable !== undefined) {
    return (
      <Alert severity="warning">
        GPU metrics are unavailable: {unavailable}
      </Alert>
    );
  }
  if (isForbidden(error)) {
    return (
      <Alert severity="info">
        <AlertTitle>{FORBIDDEN_TITLE}</AlertTitle>
        {forbiddenDetail ??
          'GPU usage is visible to the members of the owning team, of the groups above it, and to fleet viewers.'}
      </Alert>
    );
  }
  const invalid = invalidMessage(error);
  if (invalid !== undefined) {
    return (
      <Alert severity="error">
        <AlertTitle>GPU usage cannot be read</AlertTitle>
        {invalid}
      </Alert>
    );
  }
  return <ResponseErrorPanel error={error} />;
}
