import DialogContentText from '@material-ui/core/DialogContentText';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  ActionDialog,
  describeError,
} from '@ai-platform/plugin-ai-platform-react';
import { formatUnits } from '../../utils/format';

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
  const units = formatUnits(request.count, request.migProfile);

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
