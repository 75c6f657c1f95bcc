import { ChangeEvent, useRef, useState } from 'react';
import {
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  costIngestPermission,
  IngestRun,
} from '@ai-platform/plugin-cost-common';
import { costApiRef } from '../../api';
import { NAME_CELL } from '../shared/tableStyles';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import {
  formatDateTime,
  formatNumber,
  isForbidden,
} from '@ai-platform/plugin-ai-platform-react';

function describeRun(run: IngestRun): string {
  if (run.status === 'running') {
    return `${formatNumber(run.rowsRead)} rows read${
      run.percent === null ? '' : `, ${formatNumber(run.percent)}%`
    }, ${formatNumber(run.rowsPerSecond)} rows/s`;
  }
  return (
    run.message ??
    `${formatNumber(run.rowsIngested)} rows ingested, ${formatNumber(
      run.rowsRejected,
    )} rejected`
  );
}

const columns: TableColumn<IngestRun>[] = [
  {
    title: 'File',
    field: 'fileName',
    highlight: true,
    cellStyle: NAME_CELL,
  },
  { title: 'Source', field: 'source' },
  { title: 'Status', field: 'status' },
  {
    title: 'Started',
    field: 'startedAt',
    defaultSort: 'desc',
    render: run => formatDateTime(run.startedAt),
  },
  {
    title: 'Rows',
    field: 'rowsIngested',
    type: 'numeric',
    render: run => formatNumber(run.rowsIngested),
  },
  {
    title: 'Details',
    field: 'message',
    sorting: false,
    render: run => describeRun(run),
  },
];

/**
 * The billing files ingested lately, with progress while a run is going,
 * and an upload of a FOCUS file for those allowed to ingest (`cost.ingest`).
 * Users without that permission see nothing of it.
 */
export function BillingDataCard() {
  const api = useApi(costApiRef);
  const alertApi = useApi(alertApiRef);
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [refused, setRefused] = useState<IngestRun>();
  const ingest = usePermission({ permission: costIngestPermission });
  const status = useAsyncRetry(
    async () =>
      ingest.allowed ? api.getIngestStatus({ limit: 10 }) : undefined,
    [api, ingest.allowed],
  );
  const running = status.value?.some(r => r.status === 'running') ?? false;
  useInterval(status.retry, running ? 2000 : null);

  // The permission decides; a 403 still hides the card if the backend disagrees.
  if (ingest.loading || !ingest.allowed || isForbidden(status.error)) {
    return null;
  }

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setUploading(true);
    setRefused(undefined);
    try {
      const run = await api.uploadBillingFile({ fileName: file.name, file });
      if (run.status === 'refused') {
        setRefused(run);
      } else {
        alertApi.post({
          message: `Ingested ${file.name}: ${formatNumber(
            run.rowsIngested,
          )} rows`,
          severity: 'success',
          display: 'transient',
        });
      }
    } catch (e) {
      alertApi.post({
        message: `Could not upload ${file.name}: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setUploading(false);
      status.retry();
    }
  };

  let content;
  if (status.loading && !status.value) content = <Progress />;
  else if (status.error) content = <CostErrorPanel error={status.error} />;
  else
    content = (
      <Table<IngestRun>
        columns={columns}
        data={status.value ?? []}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        emptyContent={
          <Typography variant="body2" color="textSecondary" align="center">
            No billing file has been ingested yet.
          </Typography>
        }
      />
    );

  return (
    <InfoCard
      title="Billing data"
      subheader="FOCUS billing exports ingested from the folders and uploads"
      action={
        <Box mt={1} mr={1}>
          <input
            ref={input}
            type="file"
            accept=".csv,.gz,text/csv,application/gzip"
            hidden
            onChange={onFile}
            aria-label="FOCUS billing file"
          />
          <Button
            variant="outlined"
            color="primary"
            size="small"
            startIcon={<CloudUploadIcon />}
            disabled={uploading}
            onClick={() => input.current?.click()}
          >
            {uploading ? 'Uploading…' : 'Upload FOCUS file'}
          </Button>
        </Box>
      }
    >
      {refused && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          {refused.fileName} was refused: {refused.message}
          <ul>
            {refused.errors.slice(0, 5).map(e => (
              <li key={`${e.line}-${e.column}-${e.reason}`}>
                line {e.line}
                {e.column ? `, ${e.column}` : ''}: {e.reason}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {content}
    </InfoCard>
  );
}
