import { FormEvent } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  DATA_CLASSIFICATIONS,
  GPU_PURPOSES,
  GpuClassInfo,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { formatMemory } from '../../utils/format';
import {
  ErrorDescription,
  formatCurrency,
  formatHours,
} from '@ai-platform/plugin-ai-platform-react';
import { DurationQuickPicks } from '../shared/DurationQuickPicks';
import { MemberTeam } from './useMemberTeams';
import { OwnedEntity } from './useOwnedEntities';
import { RequestField, RequestFormState } from './useRequestForm';
import { fieldPropsOf } from './fieldPropsOf';
import { CLASSIFICATION_LABELS, PURPOSE_LABELS } from './requestLabels';
import { StartFields } from './StartFields';

const useStyles = makeStyles((theme: Theme) => ({
  section: {
    marginTop: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  warning: {
    color: theme.palette.warning.dark,
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(3),
  },
}));

/** Props of {@link RequestForm}. */
export interface RequestFormProps {
  form: RequestFormState;
  /** Errors beyond the schema's: policy limits and the server's field errors. */
  extraErrors: Partial<Record<RequestField, string>>;
  teams: MemberTeam[];
  entities: { loading: boolean; items: OwnedEntity[]; error?: Error };
  clusters: string[];
  /** The GPU classes of the chosen cluster. */
  classes: GpuClassInfo[];
  /** The chosen class, if any. */
  gpuClass?: GpuClassInfo;
  maxDurationHours: number;
  /** A warning when the cluster may not hold the chosen data. */
  classificationWarning?: string;
  needsApproval: boolean;
  approvalThresholdGpuHours: number;
  submitting: boolean;
  submitError?: ErrorDescription;
  onChange(field: RequestField, value: string): void;
  onSubmit(): void;
}

/** The fields of a GPU request, validated as the user types. */
export function RequestForm(props: RequestFormProps) {
  const {
    form,
    extraErrors,
    teams,
    entities,
    clusters,
    classes,
    gpuClass,
    maxDurationHours,
    classificationWarning,
    needsApproval,
    approvalThresholdGpuHours,
    submitting,
    submitError,
    onChange,
    onSubmit,
  } = props;
  const styles = useStyles();
  const { values } = form;
  const hours = Number(values.durationHours);

  const { errorOf, field, select } = fieldPropsOf(form, extraErrors, onChange);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };

  const unit = values.migProfile
    ? `MIG ${values.migProfile} instances`
    : 'whole GPUs';
  let submitHint = 'Granted at once when the team has quota left.';
  if (needsApproval) {
    submitHint = `Over ${approvalThresholdGpuHours} GPU-hours: an approver reviews it first.`;
  } else if (values.startMode === 'later') {
    submitHint =
      'Booked at once when the team’s quota and the cluster have room for the whole window.';
  }

  return (
    <form noValidate aria-label="GPU request" onSubmit={handleSubmit}>
      <Typography variant="h6" component="h3">
        Who needs them
      </Typography>
      <Grid container spacing={2} className={styles.section}>
        <Grid item xs={12} md={6}>
          <TextField
            {...select(
              'team',
              'Team',
              'Only teams you belong to. The quota and cost are the team’s.',
            )}
            inputProps={{ 'aria-required': true }}
          >
            <option value="" disabled>
              Choose a team…
            </option>
            {teams.map(team => (
              <option key={team.ref} value={team.ref}>
                {team.title}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} md={6}>
          <TextField
            {...select(
              'entityRef',
              'Component or system (optional)',
              entities.error
                ? 'The catalog could not list the team’s components.'
                : 'Attributes usage and cost to something the team owns.',
            )}
            disabled={!values.team || entities.loading}
          >
            <option value="">
              {entities.loading ? 'Loading…' : 'None: the team as a whole'}
            </option>
            {entities.items.map(entity => (
              <option key={entity.ref} value={entity.ref}>
                {entity.title} ({entity.kind})
              </option>
            ))}
          </TextField>
        </Grid>
      </Grid>

      <Typography variant="h6" component="h3">
        What to grant
      </Typography>
      <Grid container spacing={2} className={styles.section}>
        <Grid item xs={12} md={4}>
          <TextField
            {...select('cluster', 'Cluster')}
            inputProps={{ 'aria-required': true }}
          >
            <option value="" disabled>
              Choose a cluster…
            </option>
            {clusters.map(cluster => (
              <option key={cluster} value={cluster}>
                {cluster}
              </option>
            ))}
          </TextField>
        </Grid>
        {/* Wide enough for a class's full name and rate in the closed select. */}
        <Grid item xs={12} md={8}>
          <TextField
            {...select(
              'gpuClass',
              'GPU class',
              classes.length === 0 && values.cluster
                ? 'This cluster has no configured GPU class.'
                : gpuClass &&
                    `${formatMemory(gpuClass.memoryMiB)} of memory per GPU.`,
            )}
            inputProps={{ 'aria-required': true }}
          >
            <option value="" disabled>
              Choose a GPU class…
            </option>
            {classes.map(c => (
              <option key={c.id} value={c.id}>
                {c.displayName} · {formatCurrency(c.hourlyRate)}/h
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} md={8}>
          <TextField
            {...select(
              'migProfile',
              'MIG profile',
              gpuClass && gpuClass.migProfiles.length === 0
                ? `${gpuClass.displayName} is not split into MIG instances.`
                : 'A slice of a GPU, for smaller jobs.',
            )}
            disabled={!gpuClass || gpuClass.migProfiles.length === 0}
          >
            <option value="">Whole GPUs</option>
            {gpuClass?.migProfiles.map(p => (
              <option key={p.name} value={p.name}>
                {p.name} · {formatMemory(p.memoryMiB)} ·{' '}
                {formatCurrency(p.hourlyRate)}/h
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} md={4}>
          <TextField
            {...field('count', 'Count', `Number of ${unit}.`)}
            type="number"
            inputProps={{ min: 1, max: 512, step: 1, inputMode: 'numeric' }}
          />
        </Grid>
        <Grid item xs={12} md={8}>
          <TextField
            {...field(
              'durationHours',
              'Duration (hours)',
              Number.isInteger(hours) && hours > 0
                ? `${formatHours(hours)}, at most ${formatHours(
                    maxDurationHours,
                  )}. You can extend later.`
                : `At most ${formatHours(
                    maxDurationHours,
                  )}. You can extend later.`,
            )}
            type="number"
            inputProps={{
              min: 1,
              max: maxDurationHours,
              step: 1,
              inputMode: 'numeric',
            }}
          />
          <DurationQuickPicks
            label="Duration quick picks"
            value={hours}
            onPick={picked => onChange('durationHours', String(picked))}
          />
        </Grid>
      </Grid>

      <Typography variant="h6" component="h3">
        When
      </Typography>
      <div className={styles.section}>
        <StartFields
          mode={values.startMode}
          startAt={values.startAt}
          durationHours={hours}
          error={errorOf('startAt')}
          onModeChange={mode => onChange('startMode', mode)}
          onStartAtChange={value => onChange('startAt', value)}
          onBlur={() => form.touch('startAt')}
        />
      </div>

      <Typography variant="h6" component="h3">
        What for
      </Typography>
      <Grid container spacing={2} className={styles.section}>
        <Grid item xs={12} md={6}>
          <TextField {...select('purpose', 'Purpose')}>
            {GPU_PURPOSES.map(p => (
              <option key={p} value={p}>
                {PURPOSE_LABELS[p]}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} md={6}>
          <TextField
            {...select(
              'dataClassification',
              'Data classification',
              classificationWarning ??
                'The most sensitive data the workload will touch.',
            )}
            FormHelperTextProps={{
              className:
                classificationWarning && !errorOf('dataClassification')
                  ? styles.warning
                  : undefined,
            }}
          >
            {DATA_CLASSIFICATIONS.map(c => (
              <option key={c} value={c}>
                {CLASSIFICATION_LABELS[c]}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12}>
          <TextField
            {...field(
              'justification',
              'Justification',
              `Why the GPUs are needed; approvers and your team read this. ${values.justification.length}/2000`,
            )}
            multiline
            minRows={3}
            inputProps={{ maxLength: 2000, 'aria-required': true }}
          />
        </Grid>
      </Grid>

      {submitError && (
        <Box mt={2}>
          <Alert severity="error">
            <AlertTitle>{submitError.title}</AlertTitle>
            {submitError.message}
          </Alert>
        </Box>
      )}

      <div className={styles.actions}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={submitting}
          startIcon={
            submitting ? (
              <CircularProgress size={16} color="inherit" />
            ) : undefined
          }
        >
          {values.startMode === 'later' ? 'Book GPUs' : 'Request GPUs'}
        </Button>
        <Typography variant="body2" color="textSecondary">
          {submitHint}
        </Typography>
      </div>
    </form>
  );
}
