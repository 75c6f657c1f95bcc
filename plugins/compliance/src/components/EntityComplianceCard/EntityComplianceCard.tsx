import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { complianceApiRef } from '../../api';
import { LevelChip } from '../shared/LevelChip';
import { formatScore } from '../shared/scoreColor';
import { useFrameworkTitles } from '../shared/useFrameworkTitles';
import { formatDateTime } from '@ai-platform/plugin-ai-platform-react';

/** The compliance scorecard of the current entity: score and level per framework, failing checks. */
export function EntityComplianceCard() {
  const { entity } = useEntity();
  const api = useApi(complianceApiRef);
  const titles = useFrameworkTitles();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntity(entityRef),
    [api, entityRef],
  );
  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value || value.frameworks.length === 0)
    body = (
      <EmptyState
        missing="data"
        title="Not evaluated yet"
        description="Compliance checks run on a schedule; this entity has no results yet."
      />
    );
  else {
    const failing = value.checks.filter(
      c => c.status === 'fail' || c.status === 'unknown',
    );
    body = (
      <>
        <Box
          component="dl"
          display="grid"
          gridTemplateColumns="1fr auto auto"
          gridGap={12}
          alignItems="center"
          m={0}
        >
          {value.frameworks.map(f => (
            <Box key={f.frameworkId} display="contents">
              <Typography component="dt" variant="body1">
                {titles[f.frameworkId] ?? f.frameworkId}
              </Typography>
              <Typography component="dd" variant="h6" style={{ margin: 0 }}>
                {formatScore(f.score)}
              </Typography>
              <Box component="dd" m={0}>
                <LevelChip level={f.level} score={f.score} />
              </Box>
            </Box>
          ))}
        </Box>
        <Box mt={2}>
          <Typography variant="body2" color="textSecondary">
            {failing.length === 0
              ? 'Every applicable check passes.'
              : `${failing.length} failing check${
                  failing.length === 1 ? '' : 's'
                }: ${failing
                  .slice(0, 3)
                  .map(c => c.title)
                  .join(', ')}${failing.length > 3 ? ', …' : ''}`}
          </Typography>
          {value.evaluatedAt && (
            <Typography variant="caption" color="textSecondary">
              Evaluated {formatDateTime(value.evaluatedAt)}
            </Typography>
          )}
        </Box>
      </>
    );
  }
  return <InfoCard title="Compliance">{body}</InfoCard>;
}
