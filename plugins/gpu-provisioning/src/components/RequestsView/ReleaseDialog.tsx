import DialogContentText from '@material-ui/core/DialogContentText';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  ActionDialog,
  describeError,
} from '@ai-platform/plugin-ai-platform-react';
import { formatUnits } from '../../utils/format';
import { windowOf } from '../../utils/schedule';
import { isWaitingForWindow } from '../shared/StatusChip';

/** Props of {@link ReleaseDialog}. */
export interface ReleaseDialogProps {
  request: GpuRequest;
  onClose(): void;
  /** Releases the grant; rejects with the backend's error. */
  onRelease(): Promise<void>;
}

/** Confirms giving GPUs back before the grant expires. */
export function ReleaseDialog(props: ReleaseDialogProps) {
  const { request, onClose, onRelease } = props;
  const pending = request.status === 'pending-approval';
  const scheduled = isWaitingForWindow(request, Date.now());
  const units = formatUnits(request.count, request.migProfile);

  if (scheduled) {
    return (
      <ActionDialog
        titleId="gpu-release-title"
        title="Cancel this booking?"
        confirmLabel="Cancel booking"
        confirmColor="secondary"
        onConfirm={onRelease}
        onClose={onClose}
        describeError={e => describeError(e).message}
      >
        <DialogContentText>
          {`The booking of ${units} on ${request.cluster} for ${windowOf(
            request,
          )} is cancelled; the team's quota and the cluster's capacity in that window are freed for others. Nothing was created on the cluster yet.`}
        </DialogContentText>
      </ActionDialog>
    );
  }

  return (
    <ActionDialog
      titleId="gpu-release-title"
      title={pending ? 'Withdraw this request?' : 'Release these GPUs?'}
      confirmLabel={pending ? 'Withdraw request' : 'Release GPUs'}
      confirmColor="secondary"
      onConfirm={onRelease}
      onClose={onClose}
      describeError={e => describeError(e).message}
    >
      <DialogContentText>
        {pending
          ? `The request for ${units} on ${request.cluster} is withdrawn and the team's quota is freed.`
          : `The ${units} go back to the team's quota now. Namespace ${
              request.namespace ?? ''
            } on ${
              request.cluster
            } is deleted with everything in it, and running pods stop. This cannot be undone.`}
      </DialogContentText>
    </ActionDialog>
  );
}
