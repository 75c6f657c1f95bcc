import { InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  IdleGrant,
  IdlePolicyInfo,
  IdlePolicyReport,
} from '@ai-platform/plugin-gpu-provisioning-react';
import {
  describeError,
  formatHours,
  formatWeekdayTime,
} from '@ai-platform/plugin-ai-platform-react';
import { formatIdleHours, formatMoney, grantSubject } from './idleGrantText';

/** Props of {@link IdlePolicyReportCard}. */
export interface IdlePolicyReportCardProps {
  report?: IdlePolicyReport;
  loading: boolean;
  error?: Error;
}

/** What the policy does as configured, in one sentence. */
function policySentence(policy: IdlePolicyInfo): string {
  const rule = `grants idle more than ${formatHours(
    policy.idleHours,
  )} are warned, and released ${formatHours(
    policy.graceHours,
  )} later unless their owners keep or use them`;
  if (!policy.enabled) {
    return `The idle policy is off (gpuProvisioning.idlePolicy.enabled): nothing is warned or released. Turned on, ${rule}; below is what it would do now.`;
  }
  if (policy.dryRun) {
    return `The idle policy runs as a dry run (gpuProvisioning.idlePolicy.dryRun): it only reports. Without it, ${rule}.`;
  }
  return `The idle policy is on: ${rule}.`;
}

interface GrantListProps {
  title: string;
  empty: string;
  grants: IdleGrant[];
  detail(grant: IdleGrant): string;
}

function GrantList(props: GrantListProps) {
  const { title, empty, grants, detail } = props;
  const id = `idle-policy-${title
    .toLocaleLowerCase('en-US')
    .replace(/\W+/g, '-')}`;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" id={id} component="h3">
        {title} ({grants.length})
      </Typography>
      {grants.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {empty}
        </Typography>
      ) : (
        <ul aria-labelledby={id} style={{ margin: 0, paddingLeft: 20 }}>
          {grants.map(g => (
            <li key={g.requestId}>
              <Typography variant="body2">
                {grantSubject(g)}: {detail(g)}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

/**
 * The idle policy's dry run for approvers: which grants it would warn and
 * release now, which it leaves because their owners keep them, and the
 * money per day that would save; says plainly when the policy is off.
 */
export function IdlePolicyReportCard(props: IdlePolicyReportCardProps) {
  const { report, loading, error } = props;
  let content;
  if (error) {
    const { title, message } = describeError(error);
    content = <Alert severity="error">{`${title}: ${message}`}</Alert>;
  } else if (loading && !report) {
    content = <Progress />;
  } else if (report) {
    content = (
      <>
        <Typography variant="body2" paragraph>
          {policySentence(report.policy)}
        </Typography>
        <Typography variant="body1">
          Releasing now would save{' '}
          <strong>{formatMoney(report.savingPerDay)} per day</strong>;{' '}
          {formatMoney(report.savingPerDayAfterGrace)} per day once the warned
          grants' grace period runs out.
        </Typography>
        {report.errors.map(e => (
          <Box mt={1} key={e.cluster}>
            <Alert severity="warning">
              Idle hours on cluster {e.cluster} could not be read: {e.message}
            </Alert>
          </Box>
        ))}
        <GrantList
          title="Would be released now"
          empty="None: no warned grant is idle past its grace period."
          grants={report.release}
          detail={g =>
            `idle ${formatIdleHours(g.idleHours)}, ${formatMoney(
              g.idleCostPerDay,
            )} per day`
          }
        />
        <GrantList
          title="Would be warned now"
          empty="None: no other grant is idle past the policy's hours."
          grants={report.warn}
          detail={g =>
            `idle ${formatIdleHours(g.idleHours)}, ${formatMoney(
              g.idleCostPerDay,
            )} per day${
              g.releaseAt
                ? `, released ${formatWeekdayTime(g.releaseAt)} unless kept`
                : ''
            }`
          }
        />
        <GrantList
          title="Kept by their owners"
          empty="None."
          grants={report.kept}
          detail={g =>
            `idle ${formatIdleHours(
              g.idleHours,
            )}, kept until ${formatWeekdayTime(g.keptUntil)}`
          }
        />
      </>
    );
  }
  return (
    <InfoCard
      title="Idle policy: dry run"
      subheader="What the idle policy would do now; nothing is changed"
    >
      {content}
    </InfoCard>
  );
}
