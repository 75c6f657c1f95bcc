import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { FleetHeatmap, HeatmapRow, UsageWindow } from '../../api';
import { formatTick } from '../../utils/format';
import {
  formatDateTime,
  formatPercent,
} from '@ai-platform/plugin-ai-platform-react';

const LABEL_WIDTH = 260;
const CHART_WIDTH = 1000;
const ROW_HEIGHT = 18;
const AXIS_HEIGHT = 24;

const useStyles = makeStyles((theme: Theme) => ({
  figure: { margin: 0 },
  svg: { width: '100%', height: 'auto', display: 'block' },
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

/** The name of a GPU in the heat map. */
export function heatmapRowLabel(row: HeatmapRow): string {
  return `${row.cluster} / ${row.hostname} / GPU ${row.gpu}`;
}

function rowSummary(row: HeatmapRow): string {
  const values = row.values.filter((v): v is number => v !== null);
  if (values.length === 0) {
    return `${heatmapRowLabel(row)} (${row.modelName}): no samples`;
  }
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return `${heatmapRowLabel(row)} (${row.modelName}): mean ${formatPercent(
    mean,
  )}, from ${formatPercent(Math.min(...values))} to ${formatPercent(
    Math.max(...values),
  )}`;
}

/** Props of {@link UtilisationHeatmap}. */
export interface UtilisationHeatmapProps {
  heatmap: FleetHeatmap;
  window: UsageWindow;
}

/**
 * Utilisation of every GPU (rows) over time (columns) as an SVG grid, with a
 * legend. Each row is a list item named after the GPU with its mean, and
 * each cell has a tooltip with its time and value.
 */
export function UtilisationHeatmap(props: UtilisationHeatmapProps) {
  const { heatmap, window } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const columns = Math.max(1, ...heatmap.rows.map(r => r.values.length));
  const cellWidth = (CHART_WIDTH - LABEL_WIDTH) / columns;
  const height = heatmap.rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const noData = theme.palette.action.disabledBackground;
  const ticks = [0, Math.floor(columns / 2), columns - 1].filter(
    (c, i, all) => all.indexOf(c) === i,
  );

  return (
    <figure className={classes.figure} aria-label="Utilisation heat map">
      <svg
        className={classes.svg}
        viewBox={`0 0 ${CHART_WIDTH} ${height}`}
        role="list"
        aria-label="GPUs"
      >
        {heatmap.rows.map((row, r) => (
          <g
            key={`${row.cluster}/${row.hostname}/${row.gpu}`}
            role="listitem"
            aria-label={rowSummary(row)}
            transform={`translate(0, ${r * ROW_HEIGHT})`}
          >
            <text
              x={LABEL_WIDTH - 8}
              y={ROW_HEIGHT / 2}
              dominantBaseline="middle"
              textAnchor="end"
              fontSize={11}
              fill={theme.palette.text.primary}
            >
              {heatmapRowLabel(row)}
            </text>
            {row.values.map((value, c) => (
              <rect
                key={c}
                x={LABEL_WIDTH + c * cellWidth}
                y={1}
                width={Math.max(cellWidth - 1, 0.5)}
                height={ROW_HEIGHT - 2}
                fill={value === null ? noData : utilisationColour(value)}
              >
                <title>
                  {`${heatmapRowLabel(row)}, ${formatDateTime(
                    (heatmap.start + c * heatmap.stepSeconds) * 1000,
                  )}: ${value === null ? 'no data' : formatPercent(value)}`}
                </title>
              </rect>
            ))}
          </g>
        ))}
        <g aria-hidden="true">
          {ticks.map(c => (
            <text
              key={c}
              x={LABEL_WIDTH + c * cellWidth}
              y={heatmap.rows.length * ROW_HEIGHT + AXIS_HEIGHT / 2 + 4}
              fontSize={11}
              fill={theme.palette.text.secondary}
            >
              {formatTick(heatmap.start + c * heatmap.stepSeconds, window)}
            </text>
          ))}
        </g>
      </svg>
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
