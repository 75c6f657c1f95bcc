import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  LinkButton,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { TEMPLATE_REF_ANNOTATION } from '@ai-platform/plugin-ai-platform-common';
import { readTemplateProvenance } from '../../provenance/templateProvenance';
import { templateVersionStatus } from '../../provenance/templateVersionStatus';
import { useUpgradeLink } from '../../provenance/useUpgradeLink';

/** The name a Template is called by on the card: its metadata.name. */
function templateName(templateRef: string): string {
  return parseEntityRef(templateRef).name;
}

/**
 * The template upgrade card of a project made from a suite template: whether
 * the project is on its template's current version, and when it is not, an
 * Upgrade button opening the upgrade template with the project filled in.
 */
export function EntityTemplateUpgradeCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const upgradeLink = useUpgradeLink();
  const provenance = readTemplateProvenance(entity);
  const templateRef =
    provenance?.kind === 'recorded' ? provenance.templateRef : undefined;
  const template = useAsyncRetry(
    async () =>
      templateRef ? catalogApi.getEntityByRef(templateRef) : undefined,
    [catalogApi, templateRef],
  );

  let body;
  if (!provenance) {
    body = (
      <EmptyState
        missing="info"
        title="Not made from a suite template"
        description={`This entity has no ${TEMPLATE_REF_ANNOTATION} annotation, so there is no template to upgrade from.`}
      />
    );
  } else if (provenance.kind === 'malformed') {
    body = (
      <Alert severity="warning">
        The {TEMPLATE_REF_ANNOTATION} annotation is not a Template reference
        (such as template:default/genai-application), so this project cannot be
        compared with its template: {JSON.stringify(provenance.value)}
      </Alert>
    );
  } else if (template.loading) {
    body = <Progress />;
  } else if (template.error) {
    body = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={template.retry}>
            Retry
          </Button>
        }
      >
        Could not read {provenance.templateRef} from the catalog:{' '}
        {template.error.message}
      </Alert>
    );
  } else {
    const name =
      template.value?.metadata.name ?? templateName(provenance.templateRef);
    const status = templateVersionStatus(provenance.version, template.value);
    if (status.kind === 'template-missing') {
      body = (
        <Alert severity="warning">
          Template {name} ({provenance.templateRef}) is not in the catalog: it
          was deleted or renamed. This project was made from version{' '}
          {provenance.version ?? '(not recorded)'} and cannot be upgraded until
          the template is back or the {TEMPLATE_REF_ANNOTATION} annotation names
          its successor.
        </Alert>
      );
    } else if (status.kind === 'template-unversioned') {
      body = (
        <Alert severity="info">
          Template {name} carries no version, so whether this project (version{' '}
          {provenance.version ?? 'not recorded'}) is current cannot be told.
        </Alert>
      );
    } else if (status.kind === 'up-to-date') {
      body = (
        <Typography variant="body1">
          Up to date: on version {status.version} of template {name}, its
          current version.
        </Typography>
      );
    } else {
      const entityRef = stringifyEntityRef(entity);
      body = (
        <>
          <Typography variant="body1" gutterBottom>
            {status.from
              ? `Template ${name} moved from ${status.from} to ${status.to}`
              : `Template ${name} is at ${status.to}; the version this project was made from is not recorded`}
          </Typography>
          <Typography variant="body2" color="textSecondary" paragraph>
            An upgrade renders version {status.to} with the values this project
            was made with, merges it with the project&apos;s own changes and
            commits it on the branch template-upgrade/{status.to} for review,
            with conflicts marked.
          </Typography>
          <Box display="flex" justifyContent="flex-end">
            {upgradeLink ? (
              <LinkButton
                variant="contained"
                color="primary"
                to={upgradeLink(entityRef)}
              >
                Upgrade
              </LinkButton>
            ) : (
              <Typography variant="body2" color="textSecondary">
                The scaffolder is not installed in this portal, so the upgrade
                cannot be opened from here.
              </Typography>
            )}
          </Box>
        </>
      );
    }
  }
  return <InfoCard title="Template">{body}</InfoCard>;
}
