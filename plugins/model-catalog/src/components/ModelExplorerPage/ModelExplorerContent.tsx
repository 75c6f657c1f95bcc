import { useMemo, useState } from 'react';
import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { MODEL_RESOURCE_TYPE } from '@ai-platform/plugin-model-catalog-common';
import { modelCatalogApiRef } from '../../api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import useAsync from 'react-use/esm/useAsync';
import { NO_DATA, wholeWordsCell } from '@ai-platform/plugin-ai-platform-react';
import { formatMoney } from '../ModelServing/format';
import { missingLast, ModelUnitCost, modelUnitCosts } from './modelUnitCosts';
import {
  Facet,
  FACETS,
  facetValues,
  filterModels,
  formatParameters,
  ModelFilters,
  ModelRow,
  toModelRow,
} from './modelRows';

const FACET_LABELS: Record<Facet, string> = {
  task: 'Task',
  license: 'Licence',
  size: 'Size',
  fitsOn: 'Fits on one GPU',
  lifecycle: 'Lifecycle',
  owner: 'Owner',
};

const useStyles = makeStyles(theme => ({
  facet: { marginBottom: theme.spacing(2) },
  facetOption: { display: 'flex', marginRight: 0 },
  card: { height: '100%', display: 'flex', flexDirection: 'column' },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(1),
  },
  description: { marginTop: theme.spacing(1), minHeight: '3em' },
}));

/** Props of {@link FacetFilter}. */
interface FacetFilterProps {
  facet: Facet;
  rows: ModelRow[];
  selected: string[];
  onChange: (values: string[]) => void;
}

function FacetFilter({ facet, rows, selected, onChange }: FacetFilterProps) {
  const classes = useStyles();
  const values = facetValues(rows, facet);
  if (values.length === 0) return null;
  return (
    <fieldset
      className={classes.facet}
      style={{ border: 0, padding: 0, margin: 0 }}
    >
      <Typography variant="overline" component="legend">
        {FACET_LABELS[facet]}
      </Typography>
      {values.map(({ value, count }) => (
        <FormControlLabel
          key={value}
          className={classes.facetOption}
          control={
            <Checkbox
              size="small"
              checked={selected.includes(value)}
              onChange={(_e, checked) =>
                onChange(
                  checked
                    ? [...selected, value]
                    : selected.filter(v => v !== value),
                )
              }
            />
          }
          label={`${value} (${count})`}
        />
      ))}
    </fieldset>
  );
}

/** A model row with its cheapest unit prices, when a server has them. */
interface PricedModelRow extends ModelRow {
  unitCost?: ModelUnitCost;
}

/** The window the explorer's unit prices cover. */
const PRICE_WINDOW = '24h';

function ModelCards(props: { rows: PricedModelRow[]; currency: string }) {
  const { rows, currency } = props;
  const classes = useStyles();
  return (
    <Grid container spacing={2}>
      {rows.map(row => (
        <Grid item xs={12} md={6} xl={4} key={row.ref}>
          <Card className={classes.card} data-testid="model-card">
            <CardContent>
              <Typography variant="h6" component="h3">
                <EntityRefLink entityRef={row.entity} title={row.title} />
              </Typography>
              <Typography variant="body2" color="textSecondary">
                {row.owner} · {row.lifecycle}
              </Typography>
              <Typography variant="body2" className={classes.description}>
                {row.description}
              </Typography>
              <div className={classes.chips}>
                <Chip size="small" label={row.task} />
                <Chip size="small" label={`Licence: ${row.license}`} />
                <Chip
                  size="small"
                  label={`${formatParameters(row.parameters)} params`}
                />
                {row.unitCost?.outputText !== undefined && (
                  <Chip
                    size="small"
                    variant="outlined"
                    label={`${formatMoney(
                      row.unitCost.outputText,
                      currency,
                    )} / 1M output tokens`}
                  />
                )}
                {row.fitsOn.map(gpu => (
                  <Chip
                    key={gpu}
                    size="small"
                    color="primary"
                    variant="outlined"
                    label={`fits ${gpu}`}
                  />
                ))}
              </div>
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}

function priceColumn(
  title: string,
  side: 'input' | 'output',
  currency: string,
): TableColumn<PricedModelRow> {
  return {
    title,
    field: `unitCost.${side}`,
    type: 'numeric',
    render: row =>
      row.unitCost?.[`${side}Text`] === undefined
        ? NO_DATA
        : formatMoney(row.unitCost[`${side}Text`], currency),
    customSort: missingLast(row => row.unitCost?.[side]),
  };
}

const columns = (currency: string): TableColumn<PricedModelRow>[] => [
  {
    title: 'Model',
    field: 'title',
    highlight: true,
    render: row => <EntityRefLink entityRef={row.entity} title={row.title} />,
  },
  { title: 'Task', field: 'task' },
  { title: 'Licence', field: 'license' },
  {
    title: 'Parameters',
    field: 'parameters',
    type: 'numeric',
    render: row => formatParameters(row.parameters),
  },
  {
    title: 'Fits on',
    field: 'fitsOn',
    render: row => row.fitsOn.join(', ') || '—',
    customSort: (a, b) => a.fitsOn.length - b.fitsOn.length,
  },
  priceColumn('Cost / 1M input tokens', 'input', currency),
  priceColumn('Cost / 1M output tokens', 'output', currency),
  { title: 'Lifecycle', field: 'lifecycle' },
  { title: 'Owner', field: 'owner', cellStyle: wholeWordsCell },
];

/**
 * The model explorer: every model entity, searchable and filtered by task,
 * licence, size, GPU fit, lifecycle and owner, as cards or a table; the
 * table sorts by the cheapest cost per 1M input or output tokens of the
 * model servers that serve each model (last 24 hours).
 */
export function ModelExplorerContent() {
  const catalogApi = useApi(catalogApiRef);
  const modelCatalogApi = useApi(modelCatalogApiRef);
  const [filters, setFilters] = useState<ModelFilters>({
    search: '',
    selected: {},
  });
  const [view, setView] = useState<'cards' | 'table'>('cards');
  const { value, loading, error } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Resource', 'spec.type': MODEL_RESOURCE_TYPE },
    });
    return items.map(toModelRow).sort((a, b) => a.title.localeCompare(b.title));
  }, [catalogApi]);
  // Unit prices are a bonus: without the cost backend the models still list.
  const prices = useAsync(
    () => modelCatalogApi.listServingCosts({ window: PRICE_WINDOW }),
    [modelCatalogApi],
  );
  const rows: PricedModelRow[] = useMemo(() => {
    const models = value ?? [];
    const costs = modelUnitCosts(
      models.map(m => m.entity),
      prices.value?.servers ?? [],
    );
    return models.map(m => ({ ...m, unitCost: costs.get(m.entity) }));
  }, [value, prices.value]);
  const currency = prices.value?.currency ?? 'USD';
  const shown = useMemo(() => filterModels(rows, filters), [rows, filters]);

  if (loading) return <Progress />;
  if (error) {
    return (
      <Content>
        <ResponseErrorPanel error={error} title="Could not load the models" />
      </Content>
    );
  }
  if (rows.length === 0) {
    return (
      <Content>
        <EmptyState
          missing="data"
          title="No models in the catalog yet"
          description="Register models as Resources of type ai-model, or configure an MLflow or Kubeflow registry under modelCatalog.registries."
        />
      </Content>
    );
  }
  const anyFilter =
    filters.search !== '' ||
    Object.values(filters.selected).some(v => v?.length);
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={3} xl={2} component="aside" aria-label="Filters">
          {FACETS.map(facet => (
            <FacetFilter
              key={facet}
              facet={facet}
              rows={rows}
              selected={filters.selected[facet] ?? []}
              onChange={values =>
                setFilters(f => ({
                  ...f,
                  selected: { ...f.selected, [facet]: values },
                }))
              }
            />
          ))}
        </Grid>
        <Grid item xs={12} md={9} xl={10}>
          <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
            <TextField
              id="model-catalog-search"
              label="Search models"
              variant="outlined"
              size="small"
              value={filters.search}
              onChange={e =>
                setFilters(f => ({ ...f, search: e.target.value }))
              }
              style={{ flex: 1 }}
            />
            <Typography variant="body2" aria-live="polite">
              {shown.length} of {rows.length} models
            </Typography>
            <ToggleButtonGroup
              size="small"
              exclusive
              value={view}
              onChange={(_e, v) => v && setView(v)}
              aria-label="View"
            >
              <ToggleButton value="cards" aria-label="Cards">
                Cards
              </ToggleButton>
              <ToggleButton value="table" aria-label="Table">
                Table
              </ToggleButton>
            </ToggleButtonGroup>
          </Box>
          {prices.error && (
            <Typography variant="caption" color="textSecondary" component="p">
              Costs per 1M tokens are unavailable: {prices.error.message}
            </Typography>
          )}
          {shown.length === 0 ? (
            <EmptyState
              missing="data"
              title="No model matches these filters"
              action={
                anyFilter ? (
                  <Button
                    variant="contained"
                    color="primary"
                    onClick={() => setFilters({ search: '', selected: {} })}
                  >
                    Clear filters
                  </Button>
                ) : undefined
              }
            />
          ) : null}
          {shown.length > 0 && view === 'cards' && (
            <ModelCards rows={shown} currency={currency} />
          )}
          {shown.length > 0 && view === 'table' && (
            <Table<PricedModelRow>
              title="Models"
              options={{
                paging: shown.length > 20,
                pageSize: 20,
                search: false,
                padding: 'dense',
              }}
              columns={columns(currency)}
              data={shown}
            />
          )}
        </Grid>
      </Grid>
    </Content>
  );
}
