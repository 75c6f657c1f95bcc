import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import { buildFleet, ownersOf } from '../../fleet/buildFleet';
import { latestUpgradeTasks } from '../../fleet/upgradeTasks';
import { MAX_TASKS, useFleetData } from '../../fleet/useFleetData';
import { FleetTemplate } from '../../fleet/types';
import { FleetProjectsTable } from './FleetProjectsTable';
import { TemplateVersionChart } from './TemplateVersionChart';

const ALL_OWNERS = '';

/** One line per template: current version, projects, behind, open upgrades. */
function templateSummary(t: FleetTemplate, showUpgrades: boolean): string {
  const parts = [
    t.inCatalog
      ? `version ${t.currentVersion ?? '(none)'}`
      : 'not in the catalog',
    `${t.projects.length} project${t.projects.length === 1 ? '' : 's'}`,
    `${t.behind} behind`,
  ];
  if (showUpgrades) {
    parts.push(
      `${t.openUpgrades} open upgrade${t.openUpgrades === 1 ? '' : 's'}`,
    );
  }
  return `${t.name}: ${parts.join(', ')}`;
}

/**
 * The fleet page's content, under the header the new frontend system draws:
 * for the platform team, every suite Template with its current version, the
 * projects made from it by version (a stacked bar per template and a table),
 * and open upgrades from the upgrade template's scaffolder tasks the user may
 * read.
 */
export function GoldenPathsContent() {
  return (
    <Content>
      <FleetView />
    </Content>
  );
}

/** The fleet: loading, error and empty states, the owner filter, chart and table. */
function FleetView() {
  const { value, loading, error, retry } = useFleetData();
  const [owner, setOwner] = useState(ALL_OWNERS);

  const owners = useMemo(
    () =>
      [...new Set((value?.projects ?? []).flatMap(ownersOf))].sort((a, b) =>
        a.localeCompare(b),
      ),
    [value],
  );
  const tasks = value?.tasks;
  const showUpgrades = !!tasks && 'items' in tasks;
  const fleet = useMemo(() => {
    if (!value) return [];
    const projects =
      owner === ALL_OWNERS
        ? value.projects
        : value.projects.filter(p => ownersOf(p).includes(owner));
    return buildFleet({
      templates: value.templates,
      projects,
      upgrades:
        'items' in value.tasks
          ? latestUpgradeTasks(value.tasks.items)
          : undefined,
    });
  }, [value, owner]);

  if (loading) return <Progress />;
  if (error) {
    return (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={retry}>
            Retry
          </Button>
        }
      >
        Could not read the templates and projects from the catalog:{' '}
        {error.message}
      </Alert>
    );
  }
  if (!value || (value.templates.length === 0 && value.projects.length === 0)) {
    return (
      <EmptyState
        missing="data"
        title="No suite templates yet"
        description="No Template in the catalog carries ai-platform.io/template-version, and no entity records the template it was made from."
      />
    );
  }
  const projectCount = fleet.reduce((n, t) => n + t.projects.length, 0);
  return (
    <Grid container spacing={3}>
      {tasks && 'error' in tasks && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Open upgrades are not shown: the scaffolder&apos;s tasks could not
            be read ({tasks.error.message}). Version drift is shown from the
            catalog alone.
          </Alert>
        </Grid>
      )}
      {tasks && 'items' in tasks && tasks.truncated && (
        <Grid item xs={12}>
          <Alert severity="info">
            Only the newest {MAX_TASKS} scaffolder tasks were read; older
            upgrades are not shown.
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" gridGap={16}>
          <TextField
            select
            id="golden-paths-owner"
            label="Owner"
            SelectProps={{ displayEmpty: true }}
            InputLabelProps={{ shrink: true }}
            value={owner}
            onChange={e => setOwner(e.target.value)}
            variant="outlined"
            size="small"
            style={{ minWidth: 240 }}
          >
            <MenuItem value={ALL_OWNERS}>All owners</MenuItem>
            {owners.map(o => (
              <MenuItem key={o} value={o}>
                {humanizeEntityRef(parseEntityRef(o), { defaultKind: 'group' })}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Versions in use"
          subheader="Projects per template by the version they are on; green is the template's current version"
        >
          {projectCount === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No projects{owner === ALL_OWNERS ? '' : ' of this owner'} were
              made from a suite template yet.
            </Typography>
          ) : (
            <TemplateVersionChart templates={fleet} />
          )}
          <Box component="ul" mt={2} mb={0} pl={2} aria-label="Templates">
            {fleet.map(t => (
              <Typography component="li" variant="body2" key={t.templateRef}>
                {templateSummary(t, showUpgrades)}
              </Typography>
            ))}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <FleetProjectsTable templates={fleet} showUpgrades={showUpgrades} />
      </Grid>
    </Grid>
  );
}

/** The fleet page with its header, for the legacy frontend system. */
export function GoldenPathsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Golden paths"
        subtitle="Which projects are on which template version, and which upgrades are open"
      />
      <GoldenPathsContent />
    </Page>
  );
}
