import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { EntityError, GroupTruncation } from '../../api';

/** Props of {@link EntityErrors}. */
export interface EntityErrorsProps {
  errors: EntityError[];
  truncated: GroupTruncation | null;
}

function kindOf(ref: string): string {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US');
  } catch {
    return 'entity';
  }
}

/** `1 component`, `2 components`, `3 entities`. */
function counted(errors: EntityError[]): string {
  const kinds = new Set(errors.map(e => kindOf(e.entityRef)));
  const noun = kinds.size === 1 ? [...kinds][0] : 'entity';
  if (errors.length === 1) return `1 ${noun}`;
  return `${errors.length} ${noun === 'entity' ? 'entities' : `${noun}s`}`;
}

/** The problem in short: the annotation and what is wrong with it. */
function summary(error: EntityError): string {
  const short = error.message.replace(/^Annotation /, '');
  const colon = short.indexOf(': ');
  return colon === -1 ? short : short.slice(0, colon);
}

/**
 * What a group roll-up left out: entities skipped for a bad annotation (each
 * linked, with the backend's reason), and the cut at the entity cap.
 */
export function EntityErrors(props: EntityErrorsProps) {
  const { errors, truncated } = props;
  if (errors.length === 0 && !truncated) return null;
  const reasons = [...new Set(errors.map(summary))];
  return (
    <Box mb={2}>
      {errors.length > 0 && (
        <Alert severity="warning">
          <AlertTitle>
            {counted(errors)} skipped: {reasons.join('; ')}
          </AlertTitle>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {errors.map(e => (
              <li key={e.entityRef}>
                <EntityRefLink entityRef={e.entityRef} />: {e.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {truncated && (
        <Alert severity="info">
          Only the first {truncated.limit} of {truncated.total} entities with
          workloads are counted (the limit of gpuMetrics.maxEntitiesPerGroup).
        </Alert>
      )}
    </Box>
  );
}
