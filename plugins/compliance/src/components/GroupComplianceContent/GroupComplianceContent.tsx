import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ResponseError } from '@backstage/errors';
import { complianceApiRef } from '../../api';
import { Heatmap } from '../shared/Heatmap';
import { TrendChart } from '../shared/TrendChart';

/** Props of {@link ComplianceOverview}. */
export interface ComplianceOverviewProps {
  /** A group: its teams only. The whole organisation when absent. */
  groupRef?: string;
}

/** The heat map of teams by frameworks and the trend of the group's scores. */
export function ComplianceOverview(props: ComplianceOverviewProps) {
  const api = useApi(complianceApiRef);
  const heatmap = useAsync(async () => {
    try {
      return await api.getHeatmap({ group: props.groupRef });
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 404) return undefined;
      throw e;
    }
  }, [api, props.groupRef]);
  const [picked, setPicked] = useState<string>();
  const subject = props.groupRef ?? picked ?? heatmap.value?.rows[0]?.groupRef;
  const history = useAsync(
    async () =>
      subject ? api.getHistory({ subjectRef: subject, days: 365 }) : [],
    [api, subject],
  );
  if (heatmap.loading) return <Progress />;
  if (heatmap.error) return <ResponseErrorPanel error={heatmap.error} />;
  if (!heatmap.value || heatmap.value.rows.length === 0)
    return (
      <EmptyState
        missing="data"
        title="No compliance results"
        description="No entity owned by these teams has been evaluated yet."
      />
    );
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Teams by framework"
          subheader="Mean score of the entities each team owns, sub-teams included"
        >
          <Heatmap heatmap={heatmap.value} />
        </InfoCard>
      </Grid>
      {subject && (
        <Grid item xs={12}>
          <InfoCard title="Trend">
            {!props.groupRef && (
              <TextField
                select
                label="Team"
                value={subject}
                onChange={e => setPicked(e.target.value)}
                style={{ minWidth: 240 }}
              >
                {heatmap.value.rows.map(r => (
                  <MenuItem key={r.groupRef} value={r.groupRef}>
                    {r.title ?? r.groupRef}
                  </MenuItem>
                ))}
              </TextField>
            )}
            {history.loading && <Progress />}
            {history.error && <ResponseErrorPanel error={history.error} />}
            {history.value &&
              (history.value.length ? (
                <TrendChart
                  points={history.value}
                  frameworks={heatmap.value.frameworks}
                />
              ) : (
                <Typography>No history yet.</Typography>
              ))}
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}

/** The compliance tab of a Group: its teams' heat map and its trend. */
export function GroupComplianceContent() {
  const { entity } = useEntity();
  return (
    <Content noPadding>
      <ComplianceOverview groupRef={stringifyEntityRef(entity)} />
    </Content>
  );
}
