import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { isModelEntity } from '@ai-platform/plugin-model-catalog-common';
import express from 'express';
import Router from 'express-promise-router';
import { ModelCardReader } from '../modelCards/ModelCardReader';
import { parseModelCard } from '../modelCards/parseModelCard';

/** Options of {@link createModelCardRouter}. */
export interface ModelCardRouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  modelCards: ModelCardReader;
}

/** A namespace or name in a model-card path. */
export const MODEL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

/**
 * `GET /model-cards/:namespace/:name`: the model card of a model entity the
 * caller may read (the catalog checks that with the caller's credentials),
 * as `{ frontMatter, body }`.
 */
export function createModelCardRouter(
  options: ModelCardRouterOptions,
): express.Router {
  const router = Router();
  router.get('/model-cards/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params;
    if (!MODEL_NAME.test(namespace) || !MODEL_NAME.test(name)) {
      throw new NotFoundError(`No model ${namespace}/${name}`);
    }
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await options.catalog.getEntityByRef(
      { kind: 'Resource', namespace, name },
      { credentials },
    );
    if (!entity || !isModelEntity(entity)) {
      throw new NotFoundError(`No model resource:${namespace}/${name}`);
    }
    const target = options.modelCards.resolve(entity);
    if (!target) {
      throw new NotFoundError(
        `Model resource:${namespace}/${name} has no model card`,
      );
    }
    const content = await options.modelCards.read(target);
    const card = parseModelCard(content!.text);
    res.json({ frontMatter: card.frontMatter, body: card.body });
  });
  return router;
}
