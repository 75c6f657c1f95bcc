import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

/** An entity provider that can be refreshed on demand (the model catalog's can). */
interface RefreshableProvider extends EntityProvider {
  refresh(): Promise<{ ok: boolean; error?: string }>;
}

function isRefreshable(
  provider: EntityProvider,
): provider is RefreshableProvider {
  return (
    typeof (provider as Partial<RefreshableProvider>).refresh === 'function'
  );
}

/**
 * Connects each provider to a connection that records what it applies, as
 * the catalog's processing engine would receive it, runs one refresh, and
 * returns the entities of its last full mutation by provider name. A refresh
 * that fails throws with the provider's own error.
 */
export async function discoverEntities(
  providers: EntityProvider[],
): Promise<Map<string, Entity[]>> {
  const found = new Map<string, Entity[]>();
  for (const provider of providers) {
    const name = provider.getProviderName();
    const connection: EntityProviderConnection = {
      async applyMutation(mutation: EntityProviderMutation) {
        if (mutation.type === 'full') {
          found.set(
            name,
            mutation.entities.map(e => e.entity),
          );
        }
      },
      async refresh() {},
    };
    await provider.connect(connection);
    if (!isRefreshable(provider)) {
      throw new Error(`${name} cannot be refreshed on demand`);
    }
    const outcome = await provider.refresh();
    if (!outcome.ok) throw new Error(`${name}: ${outcome.error}`);
  }
  return found;
}
