import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { Approval } from '@ai-platform/plugin-approvals-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { approvalsApiRef } from '../../approvals/ApprovalsApi';

type Decision = 'approve' | 'reject';

/** A group or user ref as people read it: `ml-platform`, `guest` in the default namespace. */
function shortRef(ref: string, defaultKind: 'group' | 'user'): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref, { defaultKind }), {
      defaultKind,
    });
  } catch {
    return ref;
  }
}

/** Props of {@link DecisionDialog}. */
interface DecisionDialogProps {
  approval: Approval;
  decision: Decision;
  onClose: (decided: boolean) => void;
}

/** Asks for the reason (required to reject) and sends the decision. */
function DecisionDialog({ approval, decision, onClose }: DecisionDialogProps) {
  const api = useApi(approvalsApiRef);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Error>();
  const verb = decision === 'approve' ? 'Approve' : 'Reject';
  const needsReason = decision === 'reject' && !reason.trim();

  const send = async () => {
    setSending(true);
    setError(undefined);
    try {
      await api.decide(approval.id, {
        decision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      onClose(true);
    } catch (e) {
      setError(e as Error);
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="sm">
      <DialogTitle>
        {verb} “{approval.title}”
      </DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error.message}</Alert>}
        <TextField
          id="approval-decision-reason"
          label={decision === 'reject' ? 'Reason (required)' : 'Comment'}
          value={reason}
          onChange={e => setReason(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          margin="normal"
          inputProps={{ maxLength: 2000 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={sending || needsReason}
          onClick={send}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The approvals inbox: the pending approvals of the user's groups that they
 * did not ask for, each approved or rejected with a reason. Loading, error
 * and empty states included.
 */
export function ApprovalsInbox() {
  const api = useApi(approvalsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listInbox(),
    [api],
  );
  const [deciding, setDeciding] = useState<{
    approval: Approval;
    decision: Decision;
  }>();

  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.length) {
    return (
      <EmptyState
        missing="data"
        title="No approvals are waiting for you"
        description="Approvals that templates ask of your groups show here until a member of the group decides."
      />
    );
  }

  const columns: TableColumn<Approval>[] = [
    {
      title: 'What',
      field: 'title',
      render: a => (
        <Box>
          <Typography variant="body2">
            {a.link ? <Link to={a.link}>{a.title}</Link> : a.title}
          </Typography>
          {a.description && (
            <Typography variant="caption" color="textSecondary">
              {a.description}
            </Typography>
          )}
        </Box>
      ),
    },
    {
      title: 'Approver group',
      field: 'approverGroup',
      render: a => shortRef(a.approverGroup, 'group'),
    },
    {
      title: 'Requested by',
      field: 'requestedBy',
      render: a => shortRef(a.requestedBy, 'user'),
    },
    {
      title: 'Requested',
      field: 'createdAt',
      render: a => new Date(a.createdAt).toLocaleString(),
    },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: a => (a.expiresAt ? new Date(a.expiresAt).toLocaleString() : '—'),
    },
    {
      title: 'Decide',
      render: a => (
        <Box display="flex" style={{ gap: 8, whiteSpace: 'nowrap' }}>
          <Button
            size="small"
            color="primary"
            variant="outlined"
            aria-label={`Approve ${a.title}`}
            onClick={() => setDeciding({ approval: a, decision: 'approve' })}
          >
            Approve
          </Button>
          <Button
            size="small"
            variant="outlined"
            aria-label={`Reject ${a.title}`}
            onClick={() => setDeciding({ approval: a, decision: 'reject' })}
          >
            Reject
          </Button>
        </Box>
      ),
    },
  ];

  return (
    <>
      <Table<Approval>
        title="Waiting for your decision"
        options={{ paging: value.length > 20, pageSize: 20, search: false }}
        columns={columns}
        data={value}
      />
      {deciding && (
        <DecisionDialog
          approval={deciding.approval}
          decision={deciding.decision}
          onClose={decided => {
            setDeciding(undefined);
            if (decided) retry();
          }}
        />
      )}
    </>
  );
}

/** The inbox under the header the new frontend system draws. */
export function ApprovalsInboxContent() {
  return (
    <Content>
      <ApprovalsInbox />
    </Content>
  );
}

/** The inbox as a whole page, for apps on the legacy frontend system. */
export function ApprovalsInboxPage() {
  return (
    <Page themeId="tool">
      <Header title="Approvals" subtitle="Waiting for your group's decision" />
      <ApprovalsInboxContent />
    </Page>
  );
}
