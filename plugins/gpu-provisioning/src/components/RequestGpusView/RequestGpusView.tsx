import { useMemo, useRef, useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Box from '@material-ui/core/Box';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import {
  CapacityResponse,
  DataClassification,
  dataClassificationsOf,
  GpuClassInfo,
  GpuRequest,
  ProvisioningPolicyInfo,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  checkGpuRequest,
  gpuProvisioningApiRef,
  gpuRequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-react';
import {
  describeError,
  ErrorDescription,
} from '@ai-platform/plugin-ai-platform-react';
import { formatGpu } from '../../utils/format';
import { useGpuPageLink } from '../shared/useGpuPageLink';
import { ButtonLink } from '../shared/ButtonLink';
import { fieldErrorsOf, ownershipErrorOf } from './fieldErrorsOf';
import { RequestForm } from './RequestForm';
import { RequestResult } from './RequestResult';
import { useRequestProgress } from './useRequestProgress';
import { useStartEstimate } from './useStartEstimate';
import { RequestSummary } from './RequestSummary';
import { MemberTeam, useMemberTeams } from './useMemberTeams';
import { useOwnedEntities } from './useOwnedEntities';
import {
  REQUEST_FIELDS,
  RequestField,
  RequestFormValues,
  useRequestForm,
} from './useRequestForm';

/** The form's sentence for a cluster that may not hold the request's data, with the clusters that may. */
function classificationWarningOf(
  values: RequestFormValues,
  clusters: string[],
  rules: RequestPolicyRules,
): string {
  const classification = values.dataClassification as DataClassification;
  const allowed = dataClassificationsOf(values.cluster, rules);
  const cleared = clusters.filter(c =>
    dataClassificationsOf(c, rules).includes(classification),
  );
  return `${values.cluster} may hold ${allowed.join(
    ' and ',
  )} data only, not ${classification}.${
    cleared.length > 0
      ? ` Clusters cleared for it: ${cleared.join(', ')}.`
      : ' No cluster is cleared for it.'
  }`;
}

function clustersOf(classes: GpuClassInfo[]): string[] {
  return [...new Set(classes.flatMap(c => c.clusters))].sort();
}

function classesOn(classes: GpuClassInfo[], cluster: string): GpuClassInfo[] {
  return classes.filter(c => c.clusters.includes(cluster));
}

/** The first values: from the link that opened the form, else sensible defaults. */
function initialValues(
  params: URLSearchParams,
  teams: MemberTeam[],
  classes: GpuClassInfo[],
): RequestFormValues {
  const wantedTeam = params.get('team')?.toLocaleLowerCase('en-US');
  const team =
    teams.find(t => t.ref.toLocaleLowerCase('en-US') === wantedTeam)?.ref ??
    (teams.length === 1 ? teams[0].ref : '');
  const clusters = clustersOf(classes);
  const cluster =
    clusters.find(c => c === params.get('cluster')) ?? clusters[0] ?? '';
  const onCluster = classesOn(classes, cluster);
  const gpuClass =
    onCluster.find(c => c.id === params.get('gpuClass')) ?? onCluster[0];
  const migProfile =
    gpuClass?.migProfiles.find(p => p.name === params.get('migProfile'))
      ?.name ?? '';
  return {
    team,
    entityRef: (team && params.get('entityRef')) || '',
    cluster,
    gpuClass: gpuClass?.id ?? '',
    migProfile,
    count: '1',
    durationHours: '8',
    purpose: 'training',
    dataClassification: 'internal',
    justification: '',
  };
}

interface RequestGpusFormProps {
  teams: MemberTeam[];
  classes: GpuClassInfo[];
  policy: ProvisioningPolicyInfo;
  capacity?: CapacityResponse;
}

function RequestGpusForm(props: RequestGpusFormProps) {
  const { teams, classes, policy, capacity } = props;
  const api = useApi(gpuProvisioningApiRef);
  const [params] = useSearchParams();
  const [firstValues] = useState(() => initialValues(params, teams, classes));
  const form = useRequestForm(firstValues);
  const { values } = form;
  const [submitting, setSubmitting] = useState(false);
  const submittingRef = useRef(false);
  const [submitError, setSubmitError] = useState<ErrorDescription>();
  const [serverErrors, setServerErrors] = useState<
    Partial<Record<RequestField, string>>
  >({});
  const [created, setCreated] = useState<GpuRequest>();
  const current = useRequestProgress(created);
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
  const complete =
    values.team &&
    Number.isInteger(count) &&
    count > 0 &&
    Number.isInteger(hours) &&
    hours > 0 &&
    decision.issues.length === 0;
  const startEstimate = useStartEstimate(
    complete
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
  const rules = gpuRequestPolicyRules({ classes, policy });
  const classificationWarning = decision.issues.some(
    i => i.rule === 'data-classification',
  )
    ? classificationWarningOf(values, clusters, rules)
    : undefined;

  const extraErrors: Partial<Record<RequestField, string>> = {
    ...serverErrors,
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
    setServerErrors(previous => {
      if (!(field in previous)) return previous;
      const next = { ...previous };
      delete next[field];
      return next;
    });
    setSubmitError(undefined);
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
    } else {
      form.setValues({ [field]: value });
    }
  };

  const onSubmit = async () => {
    if (submittingRef.current) return;
    form.touchAll();
    const invalid = REQUEST_FIELDS.find(f => form.errors[f] ?? extraErrors[f]);
    if (!form.input || invalid) {
      if (invalid) {
        document.getElementById(`gpu-request-${invalid}`)?.focus();
      }
      return;
    }
    submittingRef.current = true;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const request = await api.createRequest(form.input, {
        idempotencyKey: form.idempotencyKey.current,
      });
      setCreated(request);
    } catch (e) {
      const description = describeError(e);
      if (description.statusCode === 409) {
        description.title = 'Quota exceeded';
      } else if (description.statusCode === 400) {
        description.title = 'Please correct the request';
        setServerErrors(fieldErrorsOf(description.message));
      } else if (description.statusCode === 403) {
        const ownership = ownershipErrorOf(
          description.message,
          form.input?.entityRef,
        );
        if (ownership) {
          // Costs and findings of a grant land on its entity: only the team's own.
          description.title = 'Choose something your team owns';
          setServerErrors({ entityRef: ownership });
        }
      }
      setSubmitError(description);
      form.renewIdempotencyKey();
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  };

  if (created) {
    return (
      <RequestResult
        request={current ?? created}
        classNames={classNames}
        onRequestMore={() => {
          setCreated(undefined);
          setQuotaVersion(v => v + 1);
          form.reset({ ...values, justification: '' });
        }}
      />
    );
  }

  const unit = values.migProfile ? 'MIG instances' : 'GPUs';
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
              submitting={submitting}
              submitError={submitError}
              onChange={onChange}
              onSubmit={onSubmit}
            />
          </Box>
        </Paper>
      </Grid>
      <Grid item xs={12} md={4}>
        <RequestSummary
          teamTitle={teams.find(t => t.ref === values.team)?.title}
          gpuTitle={
            gpuClass
              ? formatGpu(
                  { gpuClass: gpuClass.id, migProfile: profile?.name },
                  classNames,
                )
              : undefined
          }
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
        />
      </Grid>
    </Grid>
  );
}

/**
 * The GPU request form with its live summary, and the result once submitted.
 * Reads `team`, `entityRef`, `cluster`, `gpuClass` and `migProfile` from the
 * query string to start from a link.
 */
export function RequestGpusView() {
  const api = useApi(gpuProvisioningApiRef);
  const link = useGpuPageLink();
  const teams = useMemberTeams();
  const classes = useAsync(() => api.getClasses(), [api]);
  const capacity = useAsync(() => api.getCapacity(), [api]);

  if (teams.loading || classes.loading) {
    return <Progress />;
  }
  if (classes.error) {
    return <ResponseErrorPanel error={classes.error} />;
  }
  if (teams.error) {
    return <ResponseErrorPanel error={teams.error} />;
  }
  if (!teams.value?.length) {
    return (
      <EmptyState
        missing="info"
        title="You are not in a team yet"
        description="GPUs are granted to teams, against the team's quota. Ask your manager to add you to your team's Group in the catalog, then come back."
        action={
          <ButtonLink
            variant="outlined"
            color="primary"
            to="/catalog?filters[kind]=group"
          >
            Browse teams
          </ButtonLink>
        }
      />
    );
  }
  if (!classes.value?.classes.length) {
    return (
      <EmptyState
        missing="data"
        title="No GPU classes are configured"
        description="The platform team has not configured any GPU class yet (gpuProvisioning.gpuClasses), so there is nothing to request."
        action={
          <ButtonLink variant="outlined" color="primary" to={link('capacity')}>
            See capacity
          </ButtonLink>
        }
      />
    );
  }
  return (
    <RequestGpusForm
      teams={teams.value}
      classes={classes.value.classes}
      policy={classes.value.policy}
      capacity={capacity.value}
    />
  );
}
