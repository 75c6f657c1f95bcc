import { useEffect, useMemo } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { gpuProvisioningApiRef } from '../api';
import {
  formatCurrency,
  formatNumber,
} from '@ai-platform/plugin-ai-platform-react';
import { quotaErrorText } from './quotaErrorText';
import { gpuResourceEstimate } from './gpuResourceEstimate';
import { GpuResourcePickerUiOptions, GpuResourceValue } from './types';
import { useStartEstimate } from '../startEstimate';
import { startEstimateQueryOf } from './startEstimateQueryOf';
import { StartEstimateLine } from './StartEstimateLine';

/**
 * Props of {@link GpuResourcePicker}.
 *
 * @public
 */
export type GpuResourcePickerProps = FieldExtensionComponentProps<
  GpuResourceValue,
  GpuResourcePickerUiOptions
>;

/**
 * A scaffolder field for GPUs: cluster, class (or MIG profile), count and
 * duration, fed live by the GPU provisioning backend with each choice's free
 * capacity, the team's quota left, the estimated cost, and whether and when
 * it would start (the request form's estimate).
 *
 * @public
 */
export function GpuResourcePicker(props: GpuResourcePickerProps) {
  const {
    formData,
    onChange,
    uiSchema,
    rawErrors,
    schema,
    idSchema,
    required,
  } = props;
  const api = useApi(gpuProvisioningApiRef);
  const options = uiSchema?.['ui:options'] ?? {};
  const allValues = (props.formContext?.formData ?? {}) as Record<
    string,
    unknown
  >;
  const team = allValues[options.teamField ?? 'owner'];
  const dataClassification = allValues[
    options.dataClassificationField ?? 'dataClassification'
  ] as string | undefined;

  const classesState = useAsync(() => api.getClasses(), [api]);
  const capacityState = useAsync(() => api.getCapacity(), [api]);
  const quotaState = useAsync(
    async () =>
      typeof team === 'string' && team
        ? (await api.getQuota({ team })).items
        : undefined,
    [api, team],
  );

  const classes = useMemo(
    () => classesState.value?.classes ?? [],
    [classesState.value],
  );
  const clusters = useMemo(
    () => [...new Set(classes.flatMap(c => c.clusters))].sort(),
    [classes],
  );
  const value: Partial<GpuResourceValue> = formData ?? {};

  const estimate = gpuResourceEstimate({
    value,
    classes,
    policy: classesState.value?.policy,
    capacity: capacityState.value,
    quota: quotaState.value,
    dataClassification,
  });
  const startEstimate = useStartEstimate(
    startEstimateQueryOf({ team, value, estimate, dataClassification }),
  );

  // Propose a complete choice once the classes are known.
  useEffect(() => {
    if (!formData?.cluster && clusters.length > 0) {
      const cluster = clusters[0];
      const gpuClass = classes.find(c => c.clusters.includes(cluster))?.id;
      onChange({
        cluster,
        gpuClass: gpuClass ?? '',
        count: formData?.count ?? 1,
        durationHours:
          formData?.durationHours ?? options.defaultDurationHours ?? 24,
      });
    }
  }, [clusters, classes, formData, onChange, options.defaultDurationHours]);

  if (classesState.loading) {
    return <Progress />;
  }
  if (classesState.error) {
    return (
      <ResponseErrorPanel
        error={classesState.error}
        title="GPU classes could not be loaded"
      />
    );
  }
  if (classes.length === 0) {
    return (
      <Alert severity="warning">
        No GPU classes are configured; ask the platform team to set
        gpuProvisioning.gpuClasses.
      </Alert>
    );
  }

  const classesOnCluster = classes.filter(c =>
    value.cluster ? c.clusters.includes(value.cluster) : true,
  );
  const selectedClass = classes.find(c => c.id === value.gpuClass);
  const set = (change: Partial<GpuResourceValue>) => {
    const next = { ...value, ...change } as GpuResourceValue;
    if (!next.migProfile) delete next.migProfile;
    onChange(next);
  };
  const id = idSchema?.$id ?? 'gpu';
  const unit = value.migProfile ? 'MIG instances' : 'GPUs';
  const known = (n: number | undefined, loading: boolean) => {
    if (n !== undefined) return formatNumber(n);
    return loading ? '…' : '—';
  };

  return (
    <FormControl
      component="fieldset"
      required={required}
      error={!!rawErrors?.length}
      fullWidth
      margin="normal"
    >
      <Typography component="legend" variant="subtitle1">
        {schema.title ?? 'GPUs'}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6} md={3}>
          <TextField
            id={`${id}-cluster`}
            label="Cluster"
            select
            SelectProps={{ native: true }}
            value={value.cluster ?? ''}
            onChange={e => {
              const cluster = e.target.value;
              const keep = classes.find(
                c => c.id === value.gpuClass && c.clusters.includes(cluster),
              );
              set({
                cluster,
                gpuClass:
                  keep?.id ??
                  classes.find(c => c.clusters.includes(cluster))?.id ??
                  '',
                migProfile: keep ? value.migProfile : undefined,
              });
            }}
            fullWidth
            required
          >
            {clusters.map(c => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <TextField
            id={`${id}-class`}
            label="GPU class"
            select
            SelectProps={{ native: true }}
            value={value.gpuClass ?? ''}
            onChange={e =>
              set({ gpuClass: e.target.value, migProfile: undefined })
            }
            fullWidth
            required
          >
            {classesOnCluster.map(c => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={4} md={2}>
          <TextField
            id={`${id}-mig`}
            label="MIG profile"
            select
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            value={value.migProfile ?? ''}
            onChange={e => set({ migProfile: e.target.value || undefined })}
            disabled={!selectedClass?.migProfiles.length}
            fullWidth
          >
            <option value="">Whole GPU</option>
            {selectedClass?.migProfiles.map(m => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={6} sm={4} md={2}>
          <TextField
            id={`${id}-count`}
            label="Count"
            type="number"
            inputProps={{
              min: 1,
              max: schema.properties
                ? (schema.properties.count as any)?.maximum
                : undefined,
              step: 1,
            }}
            value={value.count ?? ''}
            onChange={e =>
              set({ count: Number.parseInt(e.target.value, 10) || 0 })
            }
            fullWidth
            required
          />
        </Grid>
        <Grid item xs={6} sm={4} md={2}>
          <TextField
            id={`${id}-hours`}
            label="Hours"
            type="number"
            inputProps={{ min: 1, step: 1 }}
            value={value.durationHours ?? ''}
            onChange={e =>
              set({ durationHours: Number.parseInt(e.target.value, 10) || 0 })
            }
            fullWidth
            required
          />
        </Grid>
      </Grid>
      <Box
        component="dl"
        role="status"
        aria-label="GPU availability and cost"
        display="grid"
        gridTemplateRows="auto auto"
        gridAutoFlow="column"
        gridColumnGap={16}
        mt={2}
        mb={1}
      >
        <Typography component="dt" variant="caption">
          Free on {value.cluster ?? 'the cluster'}
        </Typography>
        <Typography component="dd" variant="h6" style={{ margin: 0 }}>
          {known(estimate.free, capacityState.loading)} {unit}
        </Typography>
        <Typography component="dt" variant="caption">
          Team quota left
        </Typography>
        <Typography component="dd" variant="h6" style={{ margin: 0 }}>
          {typeof team === 'string' && team
            ? `${known(estimate.quotaLeft, quotaState.loading)} ${unit}`
            : 'choose an owner'}
        </Typography>
        <Typography component="dt" variant="caption">
          GPU hours
        </Typography>
        <Typography component="dd" variant="h6" style={{ margin: 0 }}>
          {formatNumber(estimate.gpuHours)}
        </Typography>
        <Typography component="dt" variant="caption">
          Estimated cost
        </Typography>
        <Typography component="dd" variant="h6" style={{ margin: 0 }}>
          {estimate.estimatedCost === undefined
            ? '—'
            : formatCurrency(estimate.estimatedCost)}
        </Typography>
      </Box>
      <StartEstimateLine estimate={startEstimate} />
      {estimate.requiresApproval && (
        <Alert severity="info">
          More than {classesState.value?.policy.approvalThresholdGpuHours} GPU
          hours: an approver must approve the request before the GPUs are
          granted.
        </Alert>
      )}
      {estimate.warnings.map(w => (
        <Alert key={w} severity="warning">
          {w}
        </Alert>
      ))}
      {capacityState.error && (
        <FormHelperText>
          Free capacity could not be read: {capacityState.error.message}
        </FormHelperText>
      )}
      {quotaState.error && (
        <FormHelperText>
          The team's quota could not be read. {quotaErrorText(quotaState.error)}
        </FormHelperText>
      )}
      {rawErrors?.map(e => (
        <FormHelperText key={e} error>
          {e}
        </FormHelperText>
      ))}
    </FormControl>
  );
}
