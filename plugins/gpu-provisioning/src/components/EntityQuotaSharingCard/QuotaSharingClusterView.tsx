import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  QuotaSharingClass,
  QuotaSharingCluster,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { loanSide } from './memberName';
import { QuotaSharingChart } from './QuotaSharingChart';
import { formatGpu, formatUnits } from '../../utils/format';

/** Props of {@link QuotaSharingClusterView}. */
export interface QuotaSharingClusterViewProps {
  item: QuotaSharingCluster;
  /** The team's name, as the page shows it. */
  teamName: string;
  /** Display names of the GPU classes by id. */
  classNames: Record<string, string>;
}

function limitsOf(sharing: QuotaSharingClass): string {
  const own = sharing.members[0];
  const borrow =
    own.borrowingLimit === undefined
      ? 'may borrow without limit'
      : `may borrow up to ${formatUnits(
          own.borrowingLimit,
          sharing.migProfile,
        )}`;
  const lend =
    own.lendingLimit === undefined
      ? 'lends all of its idle quota'
      : `lends at most ${formatUnits(own.lendingLimit, sharing.migProfile)}`;
  return `Nominal quota ${formatUnits(
    own.nominal,
    sharing.migProfile,
  )}; ${borrow} beyond it and ${lend}.`;
}

/** What a loan moves: `2 H100 80GB GPUs`, `1 MIG 1g.10gb instance of H100 80GB`. */
function loanAmount(
  gpus: number,
  sharing: QuotaSharingClass,
  className: string,
): string {
  return sharing.migProfile
    ? `${formatUnits(gpus, sharing.migProfile)} of ${className}`
    : `${gpus} ${className} GPU${gpus === 1 ? '' : 's'}`;
}

/**
 * One Kueue cluster of the team: its cohort per GPU class (whole GPUs, then
 * each MIG profile shared), drawn, with the loans and the reclaim policy.
 */
export function QuotaSharingClusterView(props: QuotaSharingClusterViewProps) {
  const { item, teamName, classNames } = props;
  return (
    <section aria-label={`Shared quota on ${item.cluster}`}>
      <Typography variant="h6" component="h3">
        {item.cluster}
        {item.cohort ? ` · cohort ${item.cohort}` : ''}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        ClusterQueue {item.clusterQueue}
      </Typography>
      <Box mb={2}>
        <Alert severity="info">
          <strong>When the owner needs its GPUs back:</strong> {item.reclaim}
        </Alert>
      </Box>
      {item.classes.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {item.cluster} has no nodes of the GPU classes in {teamName}&apos;s
          quota, so there is nothing to share there.
        </Typography>
      )}
      {item.classes.map(sharing => {
        const className = classNames[sharing.gpuClass] ?? sharing.gpuClass;
        const label = formatGpu(sharing, classNames);
        const units = sharing.migProfile ? 'instances' : 'GPUs';
        return (
          <Box key={`${sharing.flavor}/${sharing.migProfile ?? ''}`} mb={2}>
            <QuotaSharingChart
              title={`${label} on ${item.cluster}: nominal quota in use, lent and idle, and borrowed beyond it`}
              sharing={sharing}
            />
            <Typography variant="body2" color="textSecondary">
              {teamName}: {limitsOf(sharing)}
            </Typography>
            <Typography variant="subtitle2" component="h4">
              Who borrows from whom
            </Typography>
            {sharing.loans.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                Nobody borrows {label} {units} in this cohort now.
              </Typography>
            ) : (
              <List
                dense
                aria-label={`Who borrows ${label} ${units} from whom on ${item.cluster}`}
              >
                {sharing.loans.map(loan => (
                  <ListItem
                    key={`${loan.fromClusterQueue}>${loan.toClusterQueue}`}
                    disableGutters
                  >
                    <ListItemText
                      primary={`${loanSide(
                        loan.toClusterQueue,
                        loan.toTeam,
                      )} borrows ${loanAmount(
                        loan.gpus,
                        sharing,
                        className,
                      )} from ${loanSide(
                        loan.fromClusterQueue,
                        loan.fromTeam,
                      )}`}
                    />
                  </ListItem>
                ))}
              </List>
            )}
          </Box>
        );
      })}
    </section>
  );
}
