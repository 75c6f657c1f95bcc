import {
  DataClassification,
  dataClassificationsOf,
  GpuClassInfo,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { MemberTeam } from './useMemberTeams';
import { RequestFormValues } from './useRequestForm';

/** The clusters any configured class is on, sorted. */
export function clustersOf(classes: GpuClassInfo[]): string[] {
  return [...new Set(classes.flatMap(c => c.clusters))].sort();
}

/** The classes configured on one cluster. */
export function classesOn(
  classes: GpuClassInfo[],
  cluster: string,
): GpuClassInfo[] {
  return classes.filter(c => c.clusters.includes(cluster));
}

/** The form's sentence for a cluster that may not hold the request's data, with the clusters that may. */
export function classificationWarningOf(
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

/** The first values: from the link that opened the form, else sensible defaults. */
export function initialValues(
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
    startMode: 'now',
    startAt: '',
  };
}
