import { CostSplit } from '@ai-platform/plugin-cost-common';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';

/** A split the views offer. */
export type CostSplitOption = CostSplit;

/** Labels of the splits, for people. */
export const SPLIT_LABELS: Record<CostSplit, string> = {
  service: 'Service',
  provider: 'Provider',
  gpuClass: 'GPU class',
  childTeam: 'Child team',
  subAccount: 'Sub-account',
  entity: 'Entity',
};

/** Props of {@link SplitToggle}. */
export interface SplitToggleProps {
  value: CostSplit;
  options: CostSplit[];
  onChange(value: CostSplit): void;
}

/** Buttons to pick how a cost is split. */
export function SplitToggle(props: SplitToggleProps) {
  const { value, options, onChange } = props;
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      aria-label="Split by"
      onChange={(_event, next: CostSplit | null) => {
        if (next) onChange(next);
      }}
    >
      {options.map(option => (
        <ToggleButton key={option} value={option}>
          {SPLIT_LABELS[option]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
