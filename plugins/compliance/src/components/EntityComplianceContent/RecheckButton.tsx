import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { complianceEntityEvaluatePermission } from '@ai-platform/plugin-compliance-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { describeError } from '@ai-platform/plugin-ai-platform-react';
import { complianceApiRef } from '../../api';

/**
 * "Re-check now": re-scores the entity from its current catalog entry and
 * facts, then calls `onChecked` so the page reads its new scorecard. For
 * an owner who just fixed something and does not want to wait for the
 * next scheduled run. Shown only to users with `compliance.entity.evaluate`.
 */
export function RecheckButton(props: {
  entityRef: string;
  onChecked: () => void;
}) {
  const { entityRef, onChecked } = props;
  const api = useApi(complianceApiRef);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string>();
  const { allowed } = usePermission({
    permission: complianceEntityEvaluatePermission,
  });

  const recheck = async () => {
    setChecking(true);
    setError(undefined);
    try {
      await api.recheckEntity(entityRef);
      onChecked();
    } catch (e) {
      // The backend's own words ("You are not allowed to …"), not the status line.
      setError(describeError(e).message);
    } finally {
      setChecking(false);
    }
  };

  if (!allowed) return null;
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        disabled={checking}
        onClick={recheck}
        title="Re-score now from the current catalog entry; cluster facts are at most a minute old"
      >
        {checking ? 'Re-checking…' : 'Re-check now'}
      </Button>
      {error && (
        <Typography variant="body2" color="error" role="alert">
          Re-check failed: {error}
        </Typography>
      )}
    </Box>
  );
}
