import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import useAsync from 'react-use/esm/useAsync';
import { EvidenceRecord } from '@ai-platform/plugin-compliance-common';
import { complianceApiRef } from '../../api';
import { StatusChip } from '../shared/StatusChip';
import {
  downloadBlob,
  formatDateTime,
} from '@ai-platform/plugin-ai-platform-react';

/** Props of {@link EvidenceDialog}. */
export interface EvidenceDialogProps {
  frameworkId: string;
  controlId: string;
  controlTitle: string;
  team?: string;
  onClose: () => void;
}

/** The evidence of one control (for one team): each result with its facts and times. */
export function EvidenceDialog(props: EvidenceDialogProps) {
  const api = useApi(complianceApiRef);
  const query = {
    frameworkId: props.frameworkId,
    control: props.controlId,
    team: props.team,
  };
  const { value, loading, error } = useAsync(
    () => api.getEvidence(query),
    [api, props.frameworkId, props.controlId, props.team],
  );
  const columns: TableColumn<EvidenceRecord>[] = [
    { title: 'Entity', field: 'entityRef' },
    { title: 'Check', field: 'checkId' },
    {
      title: 'Status',
      field: 'status',
      render: r => <StatusChip status={r.status} />,
    },
    {
      title: 'Facts',
      render: r => (
        <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>
          {JSON.stringify(r.facts, null, 1)}
        </pre>
      ),
      customFilterAndSearch: (term, r) =>
        JSON.stringify(r.facts)
          .toLowerCase()
          .includes(String(term).toLowerCase()),
    },
    {
      title: 'Gathered',
      render: r =>
        Object.values(r.collectedAt)
          .map(t => formatDateTime(t))
          .join(', '),
    },
  ];
  const exportAs = async (format: 'csv' | 'json') =>
    downloadBlob(
      await api.downloadEvidence({ ...query, format }),
      `evidence-${props.frameworkId}-${props.controlId}.${format}`,
    );
  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="lg"
      fullWidth
      aria-labelledby="evidence-title"
    >
      <DialogTitle id="evidence-title">
        {props.controlId} {props.controlTitle}
      </DialogTitle>
      <DialogContent>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Table<EvidenceRecord>
            title={`${value.length} results${
              props.team ? ` for ${props.team}` : ''
            }`}
            columns={columns}
            data={value}
            options={{
              paging: value.length > 20,
              pageSize: 20,
              search: true,
              padding: 'dense',
            }}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => exportAs('csv')}>Export CSV</Button>
        <Button onClick={() => exportAs('json')}>Export JSON</Button>
        <Button color="primary" onClick={props.onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
