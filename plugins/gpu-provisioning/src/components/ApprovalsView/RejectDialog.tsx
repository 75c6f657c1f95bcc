import { useState } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import {
  describeIssues,
  GpuRequest,
  gpuRequestRejectSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  ActionDialog,
  describeError,
} from '@ai-platform/plugin-ai-platform-react';
import { entityName, formatUnits } from '../../utils/format';

/** Props of {@link RejectDialog}. */
export interface RejectDialogProps {
  request: GpuRequest;
  onClose(): void;
  /** Rejects the request; rejects with the backend's error. */
  onReject(reason: string): Promise<void>;
}

/** Asks an approver why a request is rejected; the requester reads it. */
export function RejectDialog(props: RejectDialogProps) {
  const { request, onClose, onReject } = props;
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const parsed = gpuRequestRejectSchema.safeParse({ reason });
  const issue = parsed.success ? undefined : describeIssues(parsed.error)[0];

  const submit = async () => {
    setTouched(true);
    if (!parsed.success) return false;
    return onReject(parsed.data.reason);
  };

  return (
    <ActionDialog
      titleId="gpu-reject-title"
      title="Reject request"
      confirmLabel="Reject"
      confirmColor="secondary"
      confirmDisabled={touched && !parsed.success}
      onConfirm={submit}
      onClose={onClose}
      describeError={e => describeError(e).message}
      fullWidth
    >
      <DialogContentText>
        {entityName(request.requestedBy)} asked for{' '}
        {formatUnits(request.count, request.migProfile)} on {request.cluster}{' '}
        for {entityName(request.team)}. Tell them why not, and what would be
        approved.
      </DialogContentText>
      <TextField
        id="gpu-reject-reason"
        label="Reason"
        variant="outlined"
        multiline
        minRows={3}
        fullWidth
        value={reason}
        onChange={e => {
          setReason(e.target.value);
          setTouched(true);
        }}
        error={touched && Boolean(issue)}
        helperText={touched && issue ? `${issue.field}: ${issue.message}` : ' '}
        inputProps={{ maxLength: 1000 }}
      />
    </ActionDialog>
  );
}
