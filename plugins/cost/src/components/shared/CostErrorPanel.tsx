import { ResponseErrorPanel } from '@backstage/core-components';
import { isForbidden } from '@ai-platform/plugin-ai-platform-react';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** Props of {@link CostErrorPanel}. */
export interface CostErrorPanelProps {
  error: Error;
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
