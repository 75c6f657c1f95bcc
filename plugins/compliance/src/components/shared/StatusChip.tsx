import Chip from '@material-ui/core/Chip';
import { CheckStatus } from '@ai-platform/plugin-compliance-common';

const COLORS: Record<CheckStatus, string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  waived: '#6a1b9a',
  unknown: '#ef6c00',
  'not-applicable': '#757575',
};

/** Props of {@link StatusChip}. */
export interface StatusChipProps {
  status: CheckStatus;
}

/** A check result's status as a coloured chip. */
export function StatusChip(props: StatusChipProps) {
  return (
    <Chip
      size="small"
      label={props.status}
      style={{ backgroundColor: COLORS[props.status], color: '#fff' }}
    />
  );
}
