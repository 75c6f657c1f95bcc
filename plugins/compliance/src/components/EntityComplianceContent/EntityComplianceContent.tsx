import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useAsync from 'react-use/esm/useAsync';
import {
  EntityCheckResult,
  Waiver,
} from '@ai-platform/plugin-compliance-common';
import { complianceApiRef } from '../../api';
import { LevelChip } from '../shared/LevelChip';
import { StatusChip } from '../shared/StatusChip';
import { TrendChart } from '../shared/TrendChart';
import { WaiverDialog } from '../shared/WaiverDialog';
import { formatScore } from '../shared/scoreColor';
import { useFrameworkTitles } from '../shared/useFrameworkTitles';
import {
  formatDate,
  formatDateTime,
} from '@ai-platform/plugin-ai-platform-react';
import { RecheckButton } from './RecheckButton';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

function waiverState(w: Waiver): string {
  if (w.revokedAt) return 'Revoked';
  return w.active ? 'In force' : 'Expired';
}

/** The compliance tab of an entity: scores, trend, checks with how to fix, and waivers. */
export function EntityComplianceContent() {
  const { entity } = useEntity();
  const api = useApi(complianceApiRef);
  const titles = useFrameworkTitles();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getEntity(entityRef),
    [api, entityRef],
  );
  const history = useAsync(
    () => api.getHistory({ subjectRef: entityRef, days: 90 }),
    [api, entityRef],
  );
  const [waiving, setWaiving] = useState<EntityCheckResult>();
  const isSystem = entity.kind.toLocaleLowerCase('en-US') === 'system';
  const rollup = useAsync(
    async () => (isSystem ? api.getRollup(entityRef) : []),
    [api, entityRef, isSystem],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value)
    return (
      <EmptyState
        missing="data"
        title="Not evaluated yet"
        description="Compliance checks run on a schedule; this entity has no results yet."
        action={<RecheckButton entityRef={entityRef} onChecked={retry} />}
      />
    );

  const columns: TableColumn<EntityCheckResult>[] = [
    {
      title: 'Check',
      field: 'title',
      highlight: true,
      // Whole words: a narrow column broke titles mid-word.
      cellStyle: { minWidth: 170 },
    },
    {
      title: 'Status',
      field: 'status',
      cellStyle: { whiteSpace: 'nowrap' },
      render: row => <StatusChip status={row.status} />,
    },
    {
      title: 'Severity',
      field: 'severity',
      cellStyle: { whiteSpace: 'nowrap' },
      customSort: (a, b) =>
        SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
    },
    {
      title: 'Controls',
      render: row => (
        <Typography variant="caption">
          {row.controls
            .map(c => `${c.frameworkId.toUpperCase()} ${c.controlId}`)
            .join(', ')}
        </Typography>
      ),
      customFilterAndSearch: (term, row) =>
        row.controls.some(c =>
          `${c.frameworkId} ${c.controlId}`
            .toLowerCase()
            .includes(String(term).toLowerCase()),
        ),
    },
    {
      title: 'How to fix',
      field: 'howToFix',
      // The column people read: wide enough for a sentence per line or two.
      cellStyle: { minWidth: 320 },
      render: row =>
        row.status === 'pass' || row.status === 'not-applicable' ? (
          <Typography variant="body2" color="textSecondary">
            {row.explanation}
          </Typography>
        ) : (
          <>
            <Typography variant="body2">{row.howToFix}</Typography>
            {row.evidence.error && (
              <Typography variant="caption" color="error">
                {row.evidence.error}
              </Typography>
            )}
          </>
        ),
    },
    {
      title: '',
      sorting: false,
      render: row =>
        value.canManageWaivers &&
        (row.status === 'fail' || row.status === 'unknown') ? (
          <Button
            size="small"
            variant="outlined"
            onClick={() => setWaiving(row)}
          >
            Waive
          </Button>
        ) : null,
    },
  ];
  const order = (c: EntityCheckResult) =>
    ['fail', 'unknown', 'waived', 'pass', 'not-applicable'].indexOf(c.status) *
      10 +
    SEVERITY_ORDER.indexOf(c.severity);
  const checks = [...value.checks].sort((a, b) => order(a) - order(b));

  const waiverColumns: TableColumn<Waiver>[] = [
    { title: 'Check', field: 'checkId' },
    { title: 'Justification', field: 'justification' },
    { title: 'Approver', field: 'approver' },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: w => formatDate(w.expiresAt),
    },
    {
      title: 'State',
      render: w => waiverState(w),
    },
    {
      title: '',
      sorting: false,
      render: w =>
        value.canManageWaivers && w.active ? (
          <Button
            size="small"
            onClick={async () => {
              await api.revokeWaiver(w.id);
              retry();
            }}
          >
            Revoke
          </Button>
        ) : null,
    },
  ];

  return (
    <Content noPadding>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Box display="flex" alignItems="center" gridGap={16}>
            <Typography variant="body2" color="textSecondary">
              Evaluated {formatDateTime(value.evaluatedAt)}
            </Typography>
            <RecheckButton entityRef={entityRef} onChecked={retry} />
          </Box>
        </Grid>
        {value.frameworks.map(f => (
          <Grid item xs={12} md={4} key={f.frameworkId}>
            <InfoCard title={titles[f.frameworkId] ?? f.frameworkId}>
              <Box
                display="flex"
                alignItems="center"
                justifyContent="space-between"
              >
                <Typography
                  variant="h3"
                  component="p"
                  aria-label={`${f.frameworkId} score`}
                >
                  {formatScore(f.score)}
                </Typography>
                <LevelChip level={f.level} score={f.score} />
              </Box>
              <Typography variant="body2" color="textSecondary">
                {f.passed} passing, {f.failed} failing, {f.waived} waived
                {f.unknown ? `, ${f.unknown} unknown` : ''}
              </Typography>
            </InfoCard>
          </Grid>
        ))}
        {isSystem && (
          <Grid item xs={12}>
            <InfoCard
              title="The system and its parts"
              subheader="Mean score of the system and the entities in it"
            >
              {rollup.loading && <Progress />}
              {rollup.error && <ResponseErrorPanel error={rollup.error} />}
              {rollup.value && rollup.value.length === 0 && (
                <Typography>
                  No part of this system has been evaluated.
                </Typography>
              )}
              {rollup.value?.map(r => (
                <Box
                  key={r.frameworkId}
                  display="flex"
                  alignItems="center"
                  gridGap={16}
                  mb={1}
                >
                  <Typography style={{ minWidth: 240 }}>
                    {titles[r.frameworkId] ?? r.frameworkId}
                  </Typography>
                  <Typography variant="h6">{formatScore(r.score)}</Typography>
                  <LevelChip level={r.level} score={r.score} />
                  <Typography variant="body2" color="textSecondary">
                    {r.entities} entities
                  </Typography>
                </Box>
              ))}
            </InfoCard>
          </Grid>
        )}
        <Grid item xs={12}>
          <InfoCard title="Trend">
            {history.loading && <Progress />}
            {history.error && <ResponseErrorPanel error={history.error} />}
            {history.value &&
              (history.value.length ? (
                <TrendChart
                  points={history.value}
                  frameworks={Object.entries(titles).map(([id, title]) => ({
                    id,
                    title,
                  }))}
                />
              ) : (
                <Typography>No history yet.</Typography>
              ))}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <Table<EntityCheckResult>
            title="Checks"
            columns={columns}
            data={checks}
            options={{ paging: false, search: true, padding: 'dense' }}
          />
        </Grid>
        <Grid item xs={12}>
          <Table<Waiver>
            title="Waivers"
            columns={waiverColumns}
            data={value.waivers}
            options={{ paging: false, search: false, padding: 'dense' }}
            emptyContent={
              <Box p={2}>
                <Typography>No waivers.</Typography>
              </Box>
            }
          />
        </Grid>
      </Grid>
      {waiving && (
        <WaiverDialog
          entityRef={entityRef}
          check={waiving}
          onClose={() => setWaiving(undefined)}
          onCreated={() => {
            setWaiving(undefined);
            retry();
          }}
        />
      )}
    </Content>
  );
}
