import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  DEFAULT_ENTITY_TAG_KEY,
  DEFAULT_TEAM_TAG_KEY,
} from '@ai-platform/plugin-cost-common';

/** Props of {@link NoCostState}. */
export interface NoCostStateProps {
  /** The entity or group the page is about. */
  entityRef: string;
  /** Whether it is a group (costs come through its teams) or another entity. */
  isGroup: boolean;
}

/**
 * No cost was allocated to an entity yet, and how to tag resources so that
 * it will be.
 */
export function NoCostState(props: NoCostStateProps) {
  const { entityRef, isGroup } = props;
  const tag = isGroup ? DEFAULT_TEAM_TAG_KEY : DEFAULT_ENTITY_TAG_KEY;
  return (
    <EmptyState
      missing="data"
      title={`No cost allocated to this ${isGroup ? 'group' : 'entity'} yet`}
      description={
        <>
          <Typography
            component="span"
            variant="body2"
            display="block"
            paragraph
          >
            Costs are allocated from the tags of the billing export. Tag the
            cloud resources with <code>{`${tag}: ${entityRef}`}</code>
            {isGroup
              ? ', or map the team’s sub-accounts to it in the cost configuration.'
              : '.'}
          </Typography>
          <Typography component="span" variant="body2" display="block">
            GPU cost on Kubernetes is allocated through the{' '}
            <code>backstage.io/kubernetes-id</code> annotation of the
            entity&apos;s workloads and the GPU rate card. New billing data
            shows up after the next ingest.
          </Typography>
        </>
      }
    />
  );
}
