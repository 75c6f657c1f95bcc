import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEntities } from '../__fixtures__/entities';
import { callerEntities } from './callerEntities';
import { consumersOf } from './servingFigures';

describe('callerEntities', () => {
  it('names catalog Components by their user_id and leaves hostile or unknown callers as given', async () => {
    const catalog = catalogServiceMock({ entities: testEntities });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const hostile = 'x"} or vector(1) #';
    const describe = await callerEntities(
      ['assistant-api', hostile, 'unknown-service', 'assistant-api'],
      catalog,
      mockCredentials.service(),
    );
    expect(describe('assistant-api')).toEqual({
      entityRef: 'component:default/assistant-api',
      ownerRef: 'group:default/conversational-ai',
    });
    expect(describe('unknown-service')).toEqual({});
    expect(describe(hostile)).toEqual({});
    // Only valid entity names reach the catalog, once each.
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'component:default/assistant-api',
      'component:default/unknown-service',
    ]);

    const { consumers, unattributed } = consumersOf(
      [
        {
          cluster: 'c',
          serverAddress: 's',
          caller: hostile,
          inputTokens: 5,
          outputTokens: 1,
        },
        {
          cluster: 'c',
          serverAddress: 's',
          caller: 'assistant-api',
          inputTokens: 10,
          outputTokens: 2,
        },
        { cluster: 'c', serverAddress: 's', inputTokens: 3, outputTokens: 4 },
      ],
      describe,
    );
    expect(consumers).toEqual([
      {
        caller: 'assistant-api',
        entityRef: 'component:default/assistant-api',
        ownerRef: 'group:default/conversational-ai',
        inputTokens: 10,
        outputTokens: 2,
      },
      { caller: hostile, inputTokens: 5, outputTokens: 1 },
    ]);
    expect(unattributed).toEqual({ inputTokens: 3, outputTokens: 4 });
  });
});
