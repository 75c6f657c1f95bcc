import { useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Box from '@material-ui/core/Box';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import {
  CapacityResponse,
  GpuClassInfo,
  ProvisioningPolicyInfo,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  checkGpuRequest,
  gpuProvisioningApiRef,
  gpuRequestPolicyRules,
  useStartEstimate,
} from '@ai-platform/plugin-gpu-provisioning-react';
import { formatGpu } from '../../utils/format';
import {
  formatWindow,
  fromLocalInputValue,
  toLocalInputValue,
} from '../../utils/schedule';
import {
  CapacityCalendarView,
  teamQuotaThrough,
  useCalendar,
} from '../CapacityCalendar';
import { RequestForm } from './RequestForm';
import { RequestResult } from './RequestResult';
import { RequestSummary } from './RequestSummary';
import { useRequestProgress } from './useRequestProgress';
import { useRequestSubmission } from './useRequestSubmission';
import { MemberTeam } from './useMemberTeams';
import { useOwnedEntities } from './useOwnedEntities';
import { RequestField, useRequestForm } from './useRequestForm';
import {
  classesOn,
  classificationWarningOf,
  clustersOf,
  initialValues,
} from './requestFormDefaults';

const HOUR_MS = 3_600_000;

/** Props of {@link RequestGpusForm}. */
export interface RequestGpusFormProps {
  teams: MemberTeam[];
  classes: GpuClassInfo[];
  policy: ProvisioningPolicyInfo;
  capacity?: CapacityResponse;
}

/** The request form, its live summary and the capacity calendar; the result once submitted. */
export function RequestGpusForm(props: RequestGpusFormProps) {
  const { teams, classes, policy, capacity } = props;
  const api = useApi(gpuProvisioningApiRef);
  const [params] = useSearchParams();
  const [firstValues] = useState(() => initialValues(params, teams, classes));
  const form = useRequestForm(firstValues);
  const { values } = form;
  const submission = useRequestSubmission(form);
  const current = useRequestProgress(submission.created);
  const [quotaVersion, setQuotaVersion] = useState(0);

  const entities = useOwnedEntities(values.team || undefined);
  const quota = useAsync(async () => {
    if (!values.team) return undefined;
    return api.getQuota({ team: values.team });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, values.team, quotaVersion]);

  const clusters = useMemo(() => clustersOf(classes), [classes]);
  const onCluster = useMemo(
    () => classesOn(classes, values.cluster),
    [classes, values.cluster],
  );
  const gpuClass = onCluster.find(c => c.id === values.gpuClass);
  const profile = gpuClass?.migProfiles.find(p => p.name === values.migProfile);
  const classNames = useMemo(
    () => Object.fromEntries(classes.map(c => [c.id, c.displayName])),
    [classes],
  );

  const quotaKey = values.migProfile
    ? `${values.gpuClass}/${values.migProfile}`
    : values.gpuClass;
  const teamQuotas = quota.value?.items ?? [];
  // Quotas are keyed by class (`h100`) or class and profile (`h100/1g.10gb`),
  // per cluster where the backend has per-cluster quotas.
  const teamQuota =
    teamQuotas.find(
      q => q.gpuClass === quotaKey && q.cluster === values.cluster,
    ) ?? teamQuotas.find(q => q.gpuClass === quotaKey);
  const clusterCapacity = capacity?.items.find(
    i =>
      i.cluster === values.cluster &&
      i.gpuClass === values.gpuClass &&
      (i.migProfile ?? '') === values.migProfile,
  );

  const count = Number(values.count);
  const hours = Number(values.durationHours);
  // The backend's own policy check, on what the form holds now.
  const decision = checkGpuRequest(
    {
      cluster: values.cluster,
      gpuClass: values.gpuClass,
      migProfile: values.migProfile,
      count,
      durationHours: hours,
      dataClassification: values.dataClassification,
    },
    { classes, policy },
  );
  const needsApproval = decision.requiresApproval;
  const later = values.startMode === 'later';
  const complete =
    values.team &&
    Number.isInteger(count) &&
    count > 0 &&
    Number.isInteger(hours) &&
    hours > 0 &&
    decision.issues.length === 0;
  // The estimate answers "when would it start if asked now"; a booked
  // window answers that itself.
  const startEstimate = useStartEstimate(
    complete && !later
      ? {
          team: values.team,
          cluster: values.cluster,
          gpuClass: values.gpuClass,
          ...(values.migProfile ? { migProfile: values.migProfile } : {}),
          count,
          durationHours: hours,
          dataClassification: values.dataClassification,
        }
      : undefined,
    quotaVersion,
  );
  const start = fromLocalInputValue(values.startAt);
  // Read once for the calendar and for the quota through the window.
  const calendar = useCalendar(
    {
      cluster: values.cluster,
      gpuClass: values.gpuClass,
      migProfile: values.migProfile || undefined,
    },
    quotaVersion,
    Boolean(values.cluster && values.gpuClass),
  );
  const windowStart = later ? start : Date.now();
  const windowQuota =
    calendar.value && values.team && hours > 0 && !Number.isNaN(windowStart)
      ? teamQuotaThrough(calendar.value, values.team, {
          fromMs: windowStart,
          toMs: windowStart + hours * HOUR_MS,
        })
      : undefined;
  const bookedWindow =
    later && !form.errors.startAt && hours > 0 && !Number.isNaN(start)
      ? formatWindow(start, start + hours * HOUR_MS)
      : undefined;
  const rules = gpuRequestPolicyRules({ classes, policy });
  const classificationWarning = decision.issues.some(
    i => i.rule === 'data-classification',
  )
    ? classificationWarningOf(values, clusters, rules)
    : undefined;

  const extraErrors: Partial<Record<RequestField, string>> = {
    ...submission.serverErrors,
  };
  for (const issue of decision.issues) {
    const field = issue.field as RequestField;
    if (form.errors[field] || !values[field]) continue;
    if (issue.rule === 'max-duration') {
      extraErrors.durationHours = `must be at most ${policy.maxDurationHours} hours (the longest grant allowed)`;
    } else if (
      issue.rule === 'gpu-class-unavailable' ||
      issue.rule === 'unknown-mig-profile'
    ) {
      extraErrors[field] = issue.message;
    }
  }

  const onChange = (field: RequestField, value: string) => {
    submission.clearError(field);
    if (field === 'team') {
      form.setValues({ team: value, entityRef: '' }, ['team']);
    } else if (field === 'cluster') {
      const available = classesOn(classes, value);
      const keep = available.find(c => c.id === values.gpuClass);
      form.setValues(
        {
          cluster: value,
          gpuClass: keep?.id ?? available[0]?.id ?? '',
          migProfile: keep ? values.migProfile : '',
        },
        ['cluster'],
      );
    } else if (field === 'gpuClass') {
      const next = classes.find(c => c.id === value);
      const keepProfile = next?.migProfiles.some(
        p => p.name === values.migProfile,
      );
      form.setValues(
        { gpuClass: value, migProfile: keepProfile ? values.migProfile : '' },
        ['gpuClass'],
      );
    } else if (field === 'startMode') {
      form.setValues({ startMode: value === 'later' ? 'later' : 'now' }, []);
    } else {
      form.setValues({ [field]: value });
    }
  };

  /** A free hour clicked in the calendar, or the estimate's "Book it from", becomes the start. */
  const onPickHour = (hourStart: string) => {
    submission.clearError('startAt');
    form.setValues({
      startMode: 'later',
      startAt: toLocalInputValue(hourStart),
    });
  };

  const result = current ?? submission.created;
  if (result) {
    return (
      <RequestResult
        request={result}
        classNames={classNames}
        onRequestMore={() => {
          submission.clearCreated();
          setQuotaVersion(v => v + 1);
          form.reset({ ...values, justification: '' });
        }}
      />
    );
  }

  const unit = values.migProfile ? 'MIG instances' : 'GPUs';
  const gpuTitle = gpuClass
    ? formatGpu(
        { gpuClass: gpuClass.id, migProfile: profile?.name },
        classNames,
      )
    : undefined;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <Paper variant="outlined">
          <Box p={3}>
            <RequestForm
              form={form}
              extraErrors={extraErrors}
              teams={teams}
              entities={{
                loading: entities.loading,
                error: entities.error,
                items: entities.value ?? [],
              }}
              clusters={clusters}
              classes={onCluster}
              gpuClass={gpuClass}
              maxDurationHours={policy.maxDurationHours}
              classificationWarning={classificationWarning}
              needsApproval={needsApproval}
              approvalThresholdGpuHours={policy.approvalThresholdGpuHours}
              submitting={submission.submitting}
              submitError={submission.submitError}
              onChange={onChange}
              onSubmit={() => submission.submit(extraErrors)}
            />
          </Box>
        </Paper>
      </Grid>
      <Grid item xs={12} md={4}>
        <RequestSummary
          teamTitle={teams.find(t => t.ref === values.team)?.title}
          gpuTitle={gpuTitle}
          unit={unit}
          quota={{
            loading: quota.loading,
            error: quota.error,
            value: teamQuota,
          }}
          capacity={clusterCapacity}
          cluster={values.cluster}
          count={count}
          hours={hours}
          hourlyRate={profile?.hourlyRate ?? gpuClass?.hourlyRate}
          approvalThresholdGpuHours={policy.approvalThresholdGpuHours}
          needsApproval={needsApproval}
          classificationWarning={classificationWarning}
          startEstimate={startEstimate}
          bookedWindow={bookedWindow}
          windowQuota={windowQuota}
          onBookAt={onPickHour}
        />
      </Grid>
      {values.cluster && values.gpuClass && (
        <Grid item xs={12}>
          <CapacityCalendarView
            calendar={calendar}
            cluster={values.cluster}
            gpuClass={values.gpuClass}
            migProfile={values.migProfile || undefined}
            title={gpuTitle}
            team={values.team || undefined}
            version={quotaVersion}
            selected={later && !Number.isNaN(start) ? start : undefined}
            selectedHours={later && hours > 0 ? hours : undefined}
            onPick={onPickHour}
          />
        </Grid>
      )}
    </Grid>
  );
}
