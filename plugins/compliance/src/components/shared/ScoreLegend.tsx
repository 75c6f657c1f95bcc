import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { NO_SCORE_BAND, SCORE_BANDS } from './scoreColor';

/** What the heat maps' colours mean: one swatch per band of scores. */
export function ScoreLegend() {
  return (
    <Box
      component="ul"
      aria-label="Score colours"
      display="flex"
      flexWrap="wrap"
      gridGap={16}
      m={0}
      mt={1}
      p={0}
      style={{ listStyle: 'none' }}
    >
      {[...SCORE_BANDS, NO_SCORE_BAND].map(band => (
        <Box component="li" key={band.label} display="flex" alignItems="center">
          <Box
            component="span"
            aria-hidden
            width={14}
            height={14}
            mr={0.75}
            borderRadius={2}
            style={{ backgroundColor: band.background }}
          />
          <Typography variant="caption" color="textSecondary">
            {band.label}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
