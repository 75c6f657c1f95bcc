import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { formatHours } from '@ai-platform/plugin-ai-platform-react';
import {
  formatWindow,
  fromLocalInputValue,
  localTimeZone,
  MAX_BOOKING_DAYS,
  toLocalInputValue,
} from '../../utils/schedule';

const HOUR_MS = 3_600_000;

/** Props of {@link StartFields}. */
export interface StartFieldsProps {
  mode: 'now' | 'later';
  /** The start as a `datetime-local` value, in local time. */
  startAt: string;
  durationHours: number;
  /** The start's error, once the field was touched. */
  error?: string;
  onModeChange(mode: 'now' | 'later'): void;
  onStartAtChange(value: string): void;
  onBlur(): void;
}

/** The next whole hour, the first start worth offering. */
function nextHour(now: number): number {
  return Math.ceil((now + 1) / HOUR_MS) * HOUR_MS;
}

/**
 * When the grant starts: now, or later in a booked window (local time shown,
 * sent in UTC), at most {@link MAX_BOOKING_DAYS} days ahead.
 */
export function StartFields(props: StartFieldsProps) {
  const {
    mode,
    startAt,
    durationHours,
    error,
    onModeChange,
    onStartAtChange,
    onBlur,
  } = props;
  const now = Date.now();
  const start = fromLocalInputValue(startAt);
  const window =
    !error && !Number.isNaN(start) && durationHours > 0
      ? formatWindow(start, start + durationHours * HOUR_MS)
      : undefined;
  const zone = localTimeZone();
  let help = `Within the next ${MAX_BOOKING_DAYS} days, ${zone}.`;
  if (error) help = `startAt: ${error}`;
  else if (window) {
    help = `Books ${window} (${formatHours(durationHours)}, ${zone}).`;
  }

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <RadioGroup
          row
          aria-label="Start"
          name="startMode"
          value={mode}
          onChange={(_, value) => {
            const next = value === 'later' ? 'later' : 'now';
            onModeChange(next);
            if (next === 'later' && !startAt) {
              onStartAtChange(toLocalInputValue(nextHour(now)));
            }
          }}
        >
          <FormControlLabel value="now" control={<Radio />} label="Now" />
          <FormControlLabel value="later" control={<Radio />} label="Later" />
        </RadioGroup>
      </Grid>
      {mode === 'later' && (
        <Grid item xs={12} md={8}>
          <TextField
            id="gpu-request-startAt"
            name="startAt"
            label="Start (your local time)"
            type="datetime-local"
            value={startAt}
            onChange={e => onStartAtChange(e.target.value)}
            onBlur={onBlur}
            error={Boolean(error)}
            helperText={help}
            variant="outlined"
            fullWidth
            margin="dense"
            InputLabelProps={{ shrink: true }}
            inputProps={{
              'aria-required': true,
              min: toLocalInputValue(now),
              max: toLocalInputValue(now + MAX_BOOKING_DAYS * 24 * HOUR_MS),
              step: 3600,
            }}
          />
        </Grid>
      )}
      {mode === 'now' && (
        <Grid item xs={12} md={8}>
          <Typography variant="body2" color="textSecondary">
            Starts as soon as it is granted. Choose “Later” to book a window in
            the next {MAX_BOOKING_DAYS} days, or click a free hour in the
            calendar below.
          </Typography>
        </Grid>
      )}
    </Grid>
  );
}
