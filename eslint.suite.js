/**
 * The suite's lint: Backstage's configuration plus regular expressions that
 * run in linear time, since validators read catalog, user and billing input
 * (an exponential one let a 60-character annotation freeze the backend).
 */
module.exports = dir =>
  require('@backstage/cli/config/eslint-factory')(dir, {
    plugins: ['regexp'],
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  });
