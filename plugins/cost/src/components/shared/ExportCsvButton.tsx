import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { costApiRef, CostReportRequest } from '../../api';
import { csvFileName } from '../../utils/download';
import { downloadBlob } from '@ai-platform/plugin-ai-platform-react';

/** Props of {@link ExportCsvButton}. */
export interface ExportCsvButtonProps {
  request: CostReportRequest;
}

/** Downloads a cost report as CSV (`date,key,label,amount,currency`). */
export function ExportCsvButton(props: ExportCsvButtonProps) {
  const { request } = props;
  const api = useApi(costApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);

  const onClick = async () => {
    setBusy(true);
    try {
      const blob = await api.exportCostsCsv(request);
      downloadBlob(
        blob,
        csvFileName(request.entityRef, request.from, request.to),
      );
    } catch (e) {
      alertApi.post({
        message: `Could not export the costs: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      variant="outlined"
      color="primary"
      size="small"
      startIcon={<GetAppIcon />}
      onClick={onClick}
      disabled={busy}
    >
      Export CSV
    </Button>
  );
}
