import Chip from '@material-ui/core/Chip';
import { scoreColor, scoreTextColor } from './scoreColor';

/** Props of {@link LevelChip}. */
export interface LevelChipProps {
  level: string | null;
  score: number | null;
}

/** A framework level (Gold, Silver, Bronze) or "Below Bronze", coloured by score. */
export function LevelChip(props: LevelChipProps) {
  return (
    <Chip
      size="small"
      label={
        props.level ?? (props.score === null ? 'Not applicable' : 'No level')
      }
      style={{
        backgroundColor: scoreColor(props.score),
        color: scoreTextColor(props.score),
      }}
    />
  );
}
