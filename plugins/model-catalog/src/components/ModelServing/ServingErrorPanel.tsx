import { ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  describeError,
  isForbidden,
} from '@ai-platform/plugin-ai-platform-react';

/** Props of {@link ServingErrorPanel}. */
export interface ServingErrorPanelProps {
  error: Error;
  /** What could not be read, e.g. `Serving figures`. */
  subject: string;
  /** Who may read it, shown when the caller may not (403). */
  forbiddenDetail: string;
}

/**
 * A failed serving call: who may read it when the caller may not (403), a
 * plain warning when the metrics or cost source is down (503), the
 * backend's message when it refused the request (400), the full error panel
 * otherwise.
 */
export function ServingErrorPanel(props: ServingErrorPanelProps) {
  const { error, subject, forbiddenDetail } = props;
  const { statusCode, message } = describeError(error);
  if (isForbidden(error)) {
    return (
      <Alert severity="info">
        <AlertTitle>
          You may not see {subject.toLocaleLowerCase('en-US')}
        </AlertTitle>
        {forbiddenDetail}
      </Alert>
    );
  }
  if (statusCode === 503) {
    return (
      <Alert severity="warning">
        {subject} are unavailable: {message}
      </Alert>
    );
  }
  if (statusCode === 400) {
    return (
      <Alert severity="error">
        <AlertTitle>{subject} cannot be read</AlertTitle>
        {message}
      </Alert>
    );
  }
  return (
    <ResponseErrorPanel
      error={error}
      title={`${subject} could not be loaded`}
    />
  );
}
