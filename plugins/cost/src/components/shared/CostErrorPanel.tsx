import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** Props of {@link CostErrorPanel}. */
export interface CostErrorPanelProps {
  error: Error;
}

/** Whether an error is the backend's 403. */
export function isForbidden(error: Error | undefined): boolean {
  return error instanceof ResponseError
    ? error.statusCode === 403
    : (error as { statusCode?: number } | undefined)?.statusCode === 403;
}

/**
 * A failed cost call: a plain explanation when the user may not see the
 * costs (403), the full error panel otherwise.
 */
export function CostErrorPanel(props: CostErrorPanelProps) {
  const { error } = props;
  if (isForbidden(error)) {
    return (
      <Alert severity="info">
        <AlertTitle>You can't see this team's costs</AlertTitle>
        Costs are visible to the members of the owning team, to the members of
        the groups above it (its managers) and to cost admins.
      </Alert>
    );
  }
  return <ResponseErrorPanel error={error} />;
}
