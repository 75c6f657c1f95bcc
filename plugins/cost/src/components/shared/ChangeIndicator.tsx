import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import RemoveIcon from '@material-ui/icons/Remove';
import {
  formatChangeRatio,
  formatCurrency,
} from '@ai-platform/plugin-ai-platform-react';

const useStyles = makeStyles((theme: Theme) => ({
  up: { color: theme.palette.error.main },
  down: { color: theme.palette.success.main },
  flat: { color: theme.palette.text.secondary },
  icon: { fontSize: '1rem', verticalAlign: 'text-bottom' },
}));

/** Props of {@link ChangeIndicator}. */
export interface ChangeIndicatorProps {
  /** The later amount minus the earlier one. */
  amount: number;
  /** `amount` over the earlier amount; `null` when that was zero. */
  ratio: number | null;
  currency: string;
  /** What the change is against, e.g. `vs 1–22 Oct`. */
  against: string;
}

/**
 * A change in spend: up (red) or down (green), in money and percent.
 */
export function ChangeIndicator(props: ChangeIndicatorProps) {
  const { amount, ratio, currency, against } = props;
  const classes = useStyles();
  let className = classes.flat;
  let Icon = RemoveIcon;
  if (amount > 0) {
    className = classes.up;
    Icon = ArrowUpwardIcon;
  } else if (amount < 0) {
    className = classes.down;
    Icon = ArrowDownwardIcon;
  }
  const money = `${amount > 0 ? '+' : ''}${formatCurrency(amount, currency)}`;
  return (
    <Box component="span" className={className}>
      <Icon className={classes.icon} aria-hidden />
      <Typography component="span" variant="body2">
        {ratio === null ? money : `${formatChangeRatio(ratio)} (${money})`}{' '}
        {against}
      </Typography>
    </Box>
  );
}
