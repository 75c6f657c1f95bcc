import { InfoCard, LinkButton, Table } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_DATA_CLASSIFICATION,
  deployTemplatePath,
  getModelMetadata,
} from '@ai-platform/plugin-model-catalog-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import { formatParameters } from '../ModelExplorerPage/modelRows';
import { formatNumber } from '@ai-platform/plugin-ai-platform-react';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
  },
  term: { color: theme.palette.text.secondary },
  detail: { margin: 0 },
}));

/**
 * What a model is and needs: task, size, precision, licence, data
 * classification, datasets, evaluations, intended use and limitations, with
 * the "Deploy" action that opens the inference-service template.
 *
 * @public
 */
export function ModelOverviewCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const model = getModelMetadata(entity);
  const facts: Array<[string, string | undefined]> = [
    ['Task', model.task],
    ['Framework', model.framework],
    [
      'Parameters',
      typeof model.parameters === 'number'
        ? formatParameters(model.parameters)
        : undefined,
    ],
    ['Precision', model.precision],
    ['Quantisation', model.quantization],
    [
      'Context length',
      typeof model.contextLength === 'number'
        ? `${formatNumber(model.contextLength)} tokens`
        : undefined,
    ],
    ['Licence', model.license],
    [
      'Data classification',
      entity.metadata.annotations?.[ANNOTATION_DATA_CLASSIFICATION],
    ],
    ['Training data', model.trainingDataClassification],
    ['Datasets', model.datasets?.join(', ')],
  ];
  return (
    <InfoCard
      title="Model"
      action={
        <Box mt={1} mr={1}>
          <LinkButton
            to={deployTemplatePath(entity)}
            variant="contained"
            color="primary"
            startIcon={<CloudUploadIcon />}
          >
            Deploy
          </LinkButton>
        </Box>
      }
    >
      <dl className={classes.facts}>
        {facts
          .filter(([, v]) => v)
          .map(([term, detail]) => [
            <dt key={`${term}-t`} className={classes.term}>
              {term}
            </dt>,
            <dd key={`${term}-d`} className={classes.detail}>
              {detail}
            </dd>,
          ])}
      </dl>
      {entity.metadata.tags?.length ? (
        <Box mt={2} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {entity.metadata.tags.map(t => (
            <Chip key={t} size="small" label={t} />
          ))}
        </Box>
      ) : null}
      {model.intendedUse && (
        <Box mt={2}>
          <Typography variant="subtitle2">Intended use</Typography>
          <Typography variant="body2">{model.intendedUse}</Typography>
        </Box>
      )}
      {model.limitations && (
        <Box mt={2}>
          <Typography variant="subtitle2">Limitations</Typography>
          <Typography variant="body2">{model.limitations}</Typography>
        </Box>
      )}
      {model.evaluations?.length ? (
        <Box mt={2}>
          <Table
            title="Evaluations"
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={[
              { title: 'Benchmark', field: 'name' },
              { title: 'Metric', field: 'metric' },
              { title: 'Value', field: 'value', type: 'numeric' },
            ]}
            data={model.evaluations.map(e => ({ ...e }))}
          />
        </Box>
      ) : null}
    </InfoCard>
  );
}
