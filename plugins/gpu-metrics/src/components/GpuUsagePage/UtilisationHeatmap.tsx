import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { FleetHeatmap, HeatmapRow, UsageWindow } from '../../api';
import { formatGpus } from '../../utils/format';
import {
  formatDateTime,
  formatPercent,
  formatWindowTick,
} from '@ai-platform/plugin-ai-platform-react';

const ROW_HEIGHT = 18;

const useStyles = makeStyles((theme: Theme) => ({
  figure: { margin: 0 },
  rows: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, 30%) 1fr',
    alignItems: 'center',
    gap: theme.spacing(1),
    height: ROW_HEIGHT,
  },
  label: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    textAlign: 'right',
    fontSize: 11,
  },
  strip: { width: '100%', height: ROW_HEIGHT - 2, display: 'block' },
  axis: {
    display: 'flex',
    justifyContent: 'space-between',
    color: theme.palette.text.secondary,
    fontSize: 11,
    marginTop: theme.spacing(0.5),
  },
  legend: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
  gradient: {
    width: 160,
    height: 12,
    borderRadius: 2,
  },
  swatch: { width: 12, height: 12, borderRadius: 2 },
}));

/**
 * The colour of a utilisation: from pale (idle) to deep blue (busy), so that
 * idle GPUs stand out as light rows.
 */
export function utilisationColour(value: number): string {
  const v = Math.max(0, Math.min(100, value));
  return `hsl(212, 80%, ${Math.round(92 - v * 0.62)}%)`;
}

/** The name of a heat map row: its node, and its GPU on a GPU's row. */
export function heatmapRowLabel(row: HeatmapRow): string {
  const node = `${row.cluster} / ${row.hostname}`;
  return row.gpu === undefined ? node : `${node} / GPU ${row.gpu}`;
}

/** A bucket's length for people: `15 min`, `2 h`. */
function formatBucket(seconds: number): string {
  return seconds < 3600 ? `${seconds / 60} min` : `${seconds / 3600} h`;
}

/** What a row is, its mean over the window and its range over the buckets. */
function rowSummary(row: HeatmapRow): string {
  const what =
    row.gpu === undefined
      ? `${heatmapRowLabel(row)}, ${formatGpus(row.gpus)} (${row.modelName})`
      : `${heatmapRowLabel(row)} (${row.modelName})`;
  const values = row.values.filter((v): v is number => v !== null);
  if (values.length === 0) return `${what}: mean ${formatPercent(row.mean)}`;
  return `${what}: mean ${formatPercent(row.mean)}, from ${formatPercent(
    Math.min(...values),
  )} to ${formatPercent(Math.max(...values))}`;
}

/** Props of {@link UtilisationHeatmap}. */
export interface UtilisationHeatmapProps {
  heatmap: FleetHeatmap;
  window: UsageWindow;
  /** Called with a node's row when its label is chosen; node rows are plain text without it. */
  onSelectNode?: (row: HeatmapRow) => void;
}

/**
 * Utilisation of each row (a node or a GPU) over the window's buckets, with a
 * legend. Each row is a list item named after what it stands for, with its
 * mean; each cell has a tooltip with its time and value. A node's label opens
 * its GPUs.
 */
export function UtilisationHeatmap(props: UtilisationHeatmapProps) {
  const { heatmap, window, onSelectNode } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const noData = theme.palette.action.disabledBackground;
  const columns = Math.max(1, ...heatmap.rows.map(r => r.values.length));
  // Formatting a date is slow: once per column, not once per cell.
  const bucketLabels = useMemo(
    () =>
      Array.from(
        { length: columns },
        (_, c) =>
          `${formatDateTime(
            (heatmap.start + c * heatmap.bucketSeconds) * 1000,
          )} (${formatBucket(heatmap.bucketSeconds)})`,
      ),
    [columns, heatmap.start, heatmap.bucketSeconds],
  );
  const ticks = [0, Math.floor(columns / 2), columns].filter(
    (c, i, all) => all.indexOf(c) === i,
  );

  return (
    <figure className={classes.figure} aria-label="Utilisation heat map">
      <ul
        className={classes.rows}
        aria-label={heatmap.rowKind === 'node' ? 'Nodes' : 'GPUs'}
      >
        {heatmap.rows.map((row, i) => {
          const label = heatmapRowLabel(row);
          return (
            <li
              key={`${i}/${label}`}
              className={classes.row}
              aria-label={rowSummary(row)}
            >
              <div className={classes.label} title={label}>
                {row.gpu === undefined && onSelectNode ? (
                  <Link
                    component="button"
                    type="button"
                    variant="inherit"
                    aria-label={`Show the GPUs of ${label}`}
                    onClick={() => onSelectNode(row)}
                  >
                    {label}
                  </Link>
                ) : (
                  label
                )}
              </div>
              <svg
                className={classes.strip}
                viewBox={`0 0 ${columns} 1`}
                preserveAspectRatio="none"
                aria-hidden="true"
              >
                {row.values.map((value, c) => (
                  <rect
                    key={c}
                    x={c}
                    y={0}
                    width={0.92}
                    height={1}
                    fill={value === null ? noData : utilisationColour(value)}
                  >
                    <title>
                      {`${label}, ${bucketLabels[c]}: ${
                        value === null ? 'no data' : formatPercent(value)
                      }`}
                    </title>
                  </rect>
                ))}
              </svg>
            </li>
          );
        })}
      </ul>
      <Box className={classes.row} aria-hidden="true">
        <span />
        <div className={classes.axis}>
          {ticks.map(c => (
            <span key={c}>
              {formatWindowTick(
                heatmap.start + c * heatmap.bucketSeconds,
                window,
              )}
            </span>
          ))}
        </div>
      </Box>
      <Box className={classes.legend} component="figcaption">
        <Typography variant="caption" color="textSecondary">
          0%
        </Typography>
        <div
          className={classes.gradient}
          style={{
            background: `linear-gradient(to right, ${utilisationColour(
              0,
            )}, ${utilisationColour(50)}, ${utilisationColour(100)})`,
          }}
        />
        <Typography variant="caption" color="textSecondary">
          100% utilisation
        </Typography>
        <div className={classes.swatch} style={{ background: noData }} />
        <Typography variant="caption" color="textSecondary">
          no data
        </Typography>
      </Box>
    </figure>
  );
}
