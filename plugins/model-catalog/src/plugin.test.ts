import { modelCatalogPlugin } from './plugin';

describe('model-catalog', () => {
  it('should export plugin', () => {
    expect(modelCatalogPlugin).toBeDefined();
  });
});
