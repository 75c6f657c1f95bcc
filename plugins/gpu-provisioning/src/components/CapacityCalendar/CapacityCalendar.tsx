import { useMemo, useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { formatGpu } from '../../utils/format';
import { localTimeZone, MAX_BOOKING_DAYS } from '../../utils/schedule';
import { useNow } from '../shared/useNow';
import { CalendarCell, calendarDaysOf } from './calendarGrid';
import { CalendarLegend } from './CalendarLegend';
import { CalendarTable } from './CalendarTable';
import { Calendar, useCalendar } from './useCalendar';
import { useCalendarStyles } from './useCalendarStyles';

const HOUR_MS = 3_600_000;

/** Props of {@link CapacityCalendar}. */
export interface CapacityCalendarProps {
  cluster: string;
  gpuClass: string;
  migProfile?: string;
  /** What the GPUs are called, e.g. `A100 80GB · MIG 1g.10gb`; the class id otherwise. */
  title?: string;
  /** The chosen team (a Group ref), to draw its quota; the cluster only without one. */
  team?: string;
  /** Changes after a booking, to read the calendar again. */
  version?: number;
  /** The chosen start, epoch ms, and the duration in hours, drawn as "your window". */
  selected?: number;
  selectedHours?: number;
  /** A free hour was clicked: its start, ISO 8601. */
  onPick?(start: string): void;
}

/**
 * The next {@link MAX_BOOKING_DAYS} days of a GPU class (or MIG profile) on a
 * cluster, hour by hour: what is booked and free on the cluster and, for the
 * chosen team, against its quota. Clicking a free hour starts the request then.
 */
export function CapacityCalendar(props: CapacityCalendarProps) {
  const { cluster, gpuClass, migProfile, version = 0 } = props;
  const calendar = useCalendar({ cluster, gpuClass, migProfile }, version);
  return <CapacityCalendarView {...props} calendar={calendar} />;
}

/** Props of {@link CapacityCalendarView}. */
export interface CapacityCalendarViewProps extends CapacityCalendarProps {
  /** The calendar as read by the caller, who may need it for more than drawing. */
  calendar: { loading: boolean; error?: Error; value?: Calendar };
}

/** {@link CapacityCalendar} drawn from a calendar its caller has read. */
export function CapacityCalendarView(props: CapacityCalendarViewProps) {
  const {
    cluster,
    gpuClass,
    migProfile,
    title,
    team,
    selected,
    selectedHours,
    onPick,
    calendar,
  } = props;
  const classes = useCalendarStyles();
  const now = useNow(60_000);
  const [shown, setShown] = useState<CalendarCell>();
  const days = useMemo(
    () => (calendar.value ? calendarDaysOf(calendar.value, team) : []),
    [calendar.value, team],
  );
  const hasTeam = days.some(d => d.cells.some(c => c.team));
  const zone = localTimeZone();
  const what = title ?? formatGpu({ gpuClass, migProfile });

  let content;
  if (calendar.loading) {
    content = <Progress />;
  } else if (calendar.error) {
    content = <ResponseErrorPanel error={calendar.error} />;
  } else if (!calendar.value || days.length === 0 || !calendar.value.capacity) {
    content = (
      <EmptyState
        missing="data"
        title={`No ${what} capacity on ${cluster}`}
        description="The cluster reports no allocatable GPUs of this class, so there is nothing to book. Choose another cluster or class."
      />
    );
  } else {
    content = (
      <>
        <CalendarLegend showTeam={hasTeam} />
        <Typography
          variant="body2"
          className={classes.status}
          aria-live="polite"
          data-testid="calendar-details"
        >
          {shown
            ? shown.label
            : `Hover or focus an hour to see what is free; click a free hour to start then. Times in ${zone}.`}
        </Typography>
        <CalendarTable
          days={days}
          now={now}
          window={
            selected !== undefined && selectedHours
              ? [selected, selected + selectedHours * HOUR_MS]
              : undefined
          }
          onShow={setShown}
          onPick={cell => onPick?.(cell.start)}
        />
        {!hasTeam && team && (
          <Typography variant="caption" color="textSecondary">
            Your team has no quota of this class, so only the cluster is shown.
          </Typography>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Capacity calendar"
      subheader={`${what} on ${cluster}, the next ${MAX_BOOKING_DAYS} days, hour by hour`}
    >
      {content}
    </InfoCard>
  );
}
