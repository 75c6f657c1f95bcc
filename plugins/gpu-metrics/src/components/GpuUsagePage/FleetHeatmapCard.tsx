import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TablePagination from '@material-ui/core/TablePagination';
import TextField from '@material-ui/core/TextField';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { UsageWindow } from '../../api';
import { MetricsErrorPanel } from '../shared/MetricsErrorPanel';
import { FleetHeatmapState } from './useFleetHeatmap';
import { UtilisationHeatmap } from './UtilisationHeatmap';
import { WINDOW_LABELS } from '@ai-platform/plugin-ai-platform-react';

/** The filter value for every cluster: no Kubernetes name holds `*`. */
const ALL_CLUSTERS = '*';

/** A bucket's length for a sentence: `15 minutes`, `2 hours`. */
function bucketWords(seconds: number): string {
  const [n, unit] =
    seconds < 3600 ? [seconds / 60, 'minute'] : [seconds / 3600, 'hour'];
  return n === 1 ? unit : `${n} ${unit}s`;
}

/** Props of {@link FleetHeatmapCard}. */
export interface FleetHeatmapCardProps {
  window: UsageWindow;
  /** The clusters to filter by. */
  clusters: string[];
  heatmap: FleetHeatmapState;
}

/**
 * The fleet's utilisation over time: a page of nodes (each its GPUs
 * together), filtered by cluster; choosing a node shows its GPUs, with a way
 * back to the page it came from.
 */
export function FleetHeatmapCard(props: FleetHeatmapCardProps) {
  const { window, clusters, heatmap } = props;
  const { node, value } = heatmap;

  let content;
  if (heatmap.loading) {
    content = <Progress />;
  } else if (heatmap.error) {
    content = <MetricsErrorPanel error={heatmap.error} />;
  } else if (value && value.rows.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No GPU samples"
        description={`No GPU ${
          node ? `of ${node.hostname} ` : ''
        }reported utilisation in the ${WINDOW_LABELS[window]}.`}
      />
    );
  } else if (value) {
    content = (
      <>
        <UtilisationHeatmap
          heatmap={value}
          window={window}
          onSelectNode={node ? undefined : heatmap.selectNode}
        />
        {!node && value.total > value.limit && (
          <TablePagination
            component="div"
            count={value.total}
            page={Math.floor(value.offset / value.limit)}
            rowsPerPage={value.limit}
            rowsPerPageOptions={[]}
            onPageChange={(_event, page) =>
              heatmap.setOffset(page * value.limit)
            }
            labelDisplayedRows={({ from, to, count }) =>
              `Nodes ${from}–${to} of ${count}`
            }
          />
        )}
      </>
    );
  }

  const subheader = [
    node ? 'One row per GPU' : 'One row per node (its GPUs together)',
    value && `one column per ${bucketWords(value.bucketSeconds)}`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <InfoCard
      title={
        node
          ? `Utilisation of the GPUs of ${node.cluster} / ${node.hostname}`
          : 'Utilisation per node'
      }
      subheader={node ? subheader : `${subheader}; choose a node for its GPUs`}
      action={
        node ? (
          <Button
            startIcon={<ArrowBackIcon />}
            onClick={heatmap.back}
            variant="outlined"
            size="small"
          >
            All nodes
          </Button>
        ) : (
          <TextField
            id="gpu-usage-heatmap-cluster"
            select
            size="small"
            variant="outlined"
            label="Cluster"
            value={heatmap.cluster ?? ALL_CLUSTERS}
            onChange={e =>
              heatmap.setCluster(
                e.target.value === ALL_CLUSTERS ? undefined : e.target.value,
              )
            }
            style={{ minWidth: 160 }}
          >
            <MenuItem value={ALL_CLUSTERS}>All clusters</MenuItem>
            {clusters.map(name => (
              <MenuItem key={name} value={name}>
                {name}
              </MenuItem>
            ))}
          </TextField>
        )
      }
    >
      {content}
    </InfoCard>
  );
}
