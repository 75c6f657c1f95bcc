import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { CostGroup } from '@ai-platform/plugin-cost-common';

/** Props of {@link SubjectPicker}. */
export interface SubjectPickerProps {
  groups: CostGroup[];
  value: string;
  onChange(entityRef: string): void;
}

/** An entity ref typed into the picker. */
export const ENTITY_REF =
  /^[A-Za-z0-9_-]+:([A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/;

function labelOf(groups: CostGroup[], ref: string): string {
  const group = groups.find(g => g.ref === ref);
  return group ? `${group.title} (${group.type})` : ref;
}

/**
 * Picks the group whose costs to explore, from those the user may read, or
 * any entity by typing its ref (`component:default/assistant-api`).
 */
export function SubjectPicker(props: SubjectPickerProps) {
  const { groups, value, onChange } = props;
  return (
    <Autocomplete<string, false, true, true>
      freeSolo
      disableClearable
      options={groups.map(g => g.ref)}
      value={value}
      getOptionLabel={ref => labelOf(groups, ref)}
      onChange={(_e, next) => {
        const ref = (next ?? '').trim();
        if (ENTITY_REF.test(ref)) onChange(ref);
      }}
      style={{ minWidth: 300 }}
      renderInput={params => (
        <TextField
          {...params}
          size="small"
          variant="outlined"
          label="Group or entity"
          helperText="Pick a group, or type an entity ref and press Enter"
        />
      )}
    />
  );
}
