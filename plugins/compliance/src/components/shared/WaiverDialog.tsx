import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ActionDialog } from '@ai-platform/plugin-ai-platform-react';
import { complianceApiRef } from '../../api';

/** Props of {@link WaiverDialog}. */
export interface WaiverDialogProps {
  entityRef: string;
  check: { checkId: string; title: string };
  onClose: () => void;
  onCreated: () => void;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Grants a waiver for one failing check: justification and expiry date. */
export function WaiverDialog(props: WaiverDialogProps) {
  const api = useApi(complianceApiRef);
  const [justification, setJustification] = useState('');
  const [expires, setExpires] = useState(inDays(30));
  const submit = async () => {
    await api.createWaiver({
      entityRef: props.entityRef,
      checkId: props.check.checkId,
      justification,
      expiresAt: new Date(`${expires}T23:59:59Z`).toISOString(),
    });
    props.onCreated();
  };
  return (
    <ActionDialog
      titleId="waiver-dialog-title"
      title={`Waive “${props.check.title}”`}
      confirmLabel="Grant waiver"
      confirmDisabled={justification.trim().length < 10 || !expires}
      onConfirm={submit}
      onClose={props.onClose}
      fullWidth
    >
      <Typography variant="body2" paragraph>
        A waiver counts the check as met until it expires. It is recorded with
        your name and the justification in the audit log.
      </Typography>
      <TextField
        id="waiver-justification"
        label="Justification"
        multiline
        minRows={3}
        fullWidth
        required
        value={justification}
        onChange={e => setJustification(e.target.value)}
        helperText="At least 10 characters: why, and what compensates for it"
        margin="normal"
      />
      <TextField
        id="waiver-expires"
        label="Expires on"
        type="date"
        required
        value={expires}
        onChange={e => setExpires(e.target.value)}
        InputLabelProps={{ shrink: true }}
        margin="normal"
      />
    </ActionDialog>
  );
}
