import { CodeSnippet } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  GpuRequest,
  namespaceName,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { gpuResourceName, kubectlSnippets } from '../../utils/kubectlSnippets';
import { isScheduled, windowOf } from '../../utils/schedule';

/** Props of {@link HowToUse}. */
export interface HowToUseProps {
  request: GpuRequest;
}

/** When a grant not yet provisioned will be: the words before "your GPUs will be". */
function whenProvisioned(request: GpuRequest): string {
  if (isScheduled(request, Date.now())) {
    const window = windowOf(request);
    return request.status === 'pending-approval'
      ? `Once approved, for ${window},`
      : `For ${window},`;
  }
  return request.status === 'pending-approval'
    ? 'Once approved,'
    : 'Once provisioned,';
}

/**
 * How to reach a grant: its namespace, a command that shows its quota, and a
 * pod that uses the GPU. Before provisioning the namespace is the one the
 * grant will get.
 */
export function HowToUse(props: HowToUseProps) {
  const { request } = props;
  const namespace =
    request.namespace ??
    namespaceName({
      team: request.team,
      entityRef: request.entityRef,
      requestId: request.id,
    });
  const snippets = kubectlSnippets({
    cluster: request.cluster,
    namespace,
    migProfile: request.migProfile,
    count: request.count,
  });
  const pending = !request.namespace;
  return (
    <Box>
      <Typography variant="body2" paragraph>
        {pending ? `${whenProvisioned(request)} your` : 'Your'} GPUs{' '}
        {pending ? 'will be' : 'are'} quota in namespace{' '}
        <code>{namespace}</code> on cluster <code>{request.cluster}</code>. Pods
        in it may request up to {request.count}{' '}
        <code>{gpuResourceName(request.migProfile)}</code>.
      </Typography>
      <Typography variant="subtitle2" component="h4" gutterBottom>
        Check the quota
      </Typography>
      <CodeSnippet text={snippets.quota} language="bash" showCopyCodeButton />
      <Box mt={2}>
        <Typography variant="subtitle2" component="h4" gutterBottom>
          Run a pod on the GPU (gpu-smoke-test.yaml)
        </Typography>
        <CodeSnippet
          text={snippets.podSpec}
          language="yaml"
          showCopyCodeButton
        />
      </Box>
      <Box mt={2}>
        <CodeSnippet text={snippets.apply} language="bash" showCopyCodeButton />
      </Box>
    </Box>
  );
}
