import DialogContentText from '@material-ui/core/DialogContentText';
import { IdleGrant } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  ActionDialog,
  describeError,
} from '@ai-platform/plugin-ai-platform-react';
import {
  formatIdleHours,
  formatMoney,
  grantSubject,
  refName,
} from './idleGrantText';

/** Props of {@link ReleaseGrantDialog}. */
export interface ReleaseGrantDialogProps {
  grant: IdleGrant;
  onClose(): void;
  /** Releases the grant; rejects with the backend's error, shown in the dialog. */
  onRelease(): Promise<void>;
}

/** Confirms giving an idle grant's GPUs back, naming what is given back. */
export function ReleaseGrantDialog(props: ReleaseGrantDialogProps) {
  const { grant, onClose, onRelease } = props;
  return (
    <ActionDialog
      titleId="idle-grant-release-title"
      title={`Release ${grantSubject(grant)}?`}
      confirmLabel="Release GPUs"
      confirmColor="secondary"
      onConfirm={onRelease}
      onClose={onClose}
      describeError={e => describeError(e).message}
    >
      <DialogContentText>
        {`The ${grantSubject(grant)} go back to ${refName(
          grant.team,
        )}'s quota and the cluster now. Namespace ${
          grant.namespace ?? grant.requestId
        } is deleted with everything in it, and running pods stop. Idle for ${formatIdleHours(
          grant.idleHours,
        )}, they cost ${formatMoney(
          grant.idleCostPerDay,
        )} per day. This cannot be undone.`}
      </DialogContentText>
    </ActionDialog>
  );
}
