import { KeyboardEvent, useRef, useState } from 'react';
import { CalendarCell, CalendarDay } from './calendarGrid';
import { toneOf } from './calendarTones';
import { useCalendarStyles } from './useCalendarStyles';

const HOUR_MS = 3_600_000;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Arrow keys move by an hour (left, right) or a day (up, down). */
const STEPS: Record<string, number> = {
  ArrowLeft: -HOUR_MS,
  ArrowRight: HOUR_MS,
  ArrowUp: -24 * HOUR_MS,
  ArrowDown: 24 * HOUR_MS,
};

/** Props of {@link CalendarTable}. */
export interface CalendarTableProps {
  days: CalendarDay[];
  now: number;
  /** The booked window being chosen, as [start, end) in epoch ms. */
  window?: [number, number];
  /** What to say about an hour, as it is hovered or focused. */
  onShow(cell: CalendarCell | undefined): void;
  onPick(cell: CalendarCell): void;
}

/**
 * Days as rows and local hours as columns, each hour a button named by what
 * is free then. One hour is in the tab order; arrow keys move between them.
 */
export function CalendarTable(props: CalendarTableProps) {
  const { days, now, window, onShow, onPick } = props;
  const classes = useCalendarStyles();
  const buttons = useRef(new Map<number, HTMLButtonElement>());
  const cells = days.flatMap(d => d.cells);
  const firstOpen = cells.find(c => c.startMs > now) ?? cells[0];
  const [active, setActive] = useState<number | undefined>();
  const activeMs =
    active !== undefined && cells.some(c => c.startMs === active)
      ? active
      : firstOpen?.startMs;

  const onKeyDown = (event: KeyboardEvent, cell: CalendarCell) => {
    const step = STEPS[event.key];
    if (!step) return;
    const target = buttons.current.get(cell.startMs + step);
    if (!target) return;
    event.preventDefault();
    setActive(cell.startMs + step);
    target.focus();
  };

  const inWindow = (cell: CalendarCell) =>
    window !== undefined &&
    cell.startMs >= window[0] &&
    cell.startMs < window[1];

  return (
    <div className={classes.scroll}>
      <table className={classes.table} aria-label="Capacity by day and hour">
        <thead>
          <tr>
            <th className={classes.dayHeader} scope="col">
              Day
            </th>
            {HOURS.map(h => (
              <th key={h} scope="col" className={classes.hourHeader}>
                {String(h).padStart(2, '0')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody onMouseLeave={() => onShow(undefined)}>
          {days.map(day => {
            const byHour = new Map(day.cells.map(c => [c.hour, c]));
            return (
              <tr key={day.title}>
                <th scope="row" className={classes.dayHeader}>
                  {day.title}
                </th>
                {HOURS.map(h => {
                  const cell = byHour.get(h);
                  if (!cell) return <td key={h} className={classes.cellTd} />;
                  const tone = toneOf(cell, now);
                  const unavailable = tone === 'past' || cell.bookable === 0;
                  return (
                    <td key={h} className={classes.cellTd}>
                      <button
                        type="button"
                        ref={el => {
                          if (el) buttons.current.set(cell.startMs, el);
                          else buttons.current.delete(cell.startMs);
                        }}
                        className={`${classes.cell} ${classes[tone]} ${
                          inWindow(cell) ? classes.selected : ''
                        }`}
                        aria-label={cell.label}
                        aria-disabled={unavailable}
                        aria-pressed={inWindow(cell)}
                        tabIndex={cell.startMs === activeMs ? 0 : -1}
                        onMouseEnter={() => onShow(cell)}
                        onFocus={() => {
                          setActive(cell.startMs);
                          onShow(cell);
                        }}
                        onKeyDown={e => onKeyDown(e, cell)}
                        onClick={() => {
                          if (!unavailable) onPick(cell);
                        }}
                      >
                        {tone === 'past' ? '' : cell.bookable}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
