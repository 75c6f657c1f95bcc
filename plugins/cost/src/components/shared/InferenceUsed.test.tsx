import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { InferenceUsed } from './InferenceUsed';
import { costApiMock, responseError } from '../../__testUtils__/costApiMock';
import {
  inferenceUsage,
  sharedLlmUsage,
  unlistedServerUsage,
} from '../../__fixtures__/cost';
import { CostApi } from '../../api';

const groupRef = 'group:default/products';

function render(
  getInferenceUsage: CostApi['getInferenceUsage'],
  subject: { subjectRef: string; isGroup: boolean; name: string } = {
    subjectRef: groupRef,
    isGroup: true,
    name: 'Products',
  },
) {
  const api = costApiMock({ getInferenceUsage: jest.fn(getInferenceUsage) });
  renderInTestApp(<InferenceUsed {...subject} />, {
    apis: [api],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

describe('InferenceUsed', () => {
  jest.setTimeout(20_000);

  it('lists each model server used, most costly first, with tokens, cost and the total', async () => {
    const api = render(async () =>
      inferenceUsage(groupRef, [sharedLlmUsage, unlistedServerUsage], {
        inputTokens: 1_340_000,
        outputTokens: 322_000,
        cost: '100.000000000',
      }),
    );
    const table = await screen.findByRole('table', {
      name: 'Inference used by Products',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'Model serverModelsTokens inTokens outCost',
      'vllm-70b.research.svcresearch on gpu-bllama-3-1-70b-instruct, llama-guard-390,00012,000$58.88',
      'shared-llm-inferenceml-platform on gpu-allama-3-1-8b-instruct1,250,000310,000$41.12',
      'Total1,340,000322,000$100.00',
    ]);
    expect(
      within(rows[2]).getByRole('link', { name: 'shared-llm-inference' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/shared-llm-inference',
    );
    expect(api.getInferenceUsage).toHaveBeenCalledWith({
      groupRef,
      window: '30d',
    });
  });

  it('asks again for the window chosen', async () => {
    const api = render(async () => inferenceUsage(groupRef));
    await screen.findByText(/^No inference used/);
    await userEvent.click(screen.getByRole('button', { name: '7d' }));
    await waitFor(() =>
      expect(api.getInferenceUsage).toHaveBeenLastCalledWith({
        groupRef,
        window: '7d',
      }),
    );
    expect(
      await screen.findByText(
        'No inference used in the last 7 days: no component of Products or the teams below it called a model server through the AI gateway.',
      ),
    ).toBeInTheDocument();
  });

  it("asks for one entity's inference by entityRef", async () => {
    const entityRef = 'component:default/assistant-api';
    const api = render(async () => inferenceUsage(entityRef), {
      subjectRef: entityRef,
      isGroup: false,
      name: 'assistant-api',
    });
    expect(
      await screen.findByText(
        'No inference used in the last 30 days: assistant-api called no model server through the AI gateway.',
      ),
    ).toBeInTheDocument();
    expect(api.getInferenceUsage).toHaveBeenCalledWith({
      entityRef,
      window: '30d',
    });
  });

  it('warns of clusters whose serving data is missing', async () => {
    render(async () => ({
      ...inferenceUsage(groupRef, [sharedLlmUsage], {
        inputTokens: sharedLlmUsage.inputTokens,
        outputTokens: sharedLlmUsage.outputTokens,
        cost: sharedLlmUsage.cost,
      }),
      errors: [{ cluster: 'gpu-b', message: 'Prometheus query timed out' }],
    }));
    expect(
      await screen.findByText(
        'Serving data of gpu-b could not be read: Prometheus query timed out',
      ),
    ).toBeInTheDocument();
  });

  it('explains a refusal', async () => {
    const error = await responseError(403, 'You may not read the costs');
    render(async () => {
      throw error;
    });
    expect(
      await screen.findByText("You can't see this team's costs"),
    ).toBeInTheDocument();
  });
});
