import { Entity } from '@backstage/catalog-model';
import {
  facetValues,
  filterModels,
  formatParameters,
  toModelRow,
} from './modelRows';

const model = (
  name: string,
  owner: string,
  metadata: object,
  extra: object = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', ...extra },
  spec: { type: 'ai-model', owner, lifecycle: 'production', model: metadata },
});

const rows = [
  model('llama-8b', 'group:default/ml-platform', {
    task: 'text-generation',
    license: 'llama3.1',
    parameters: 8.03e9,
    fitsOn: ['h100', 'l40s'],
  }),
  model('llama-70b', 'ml-platform', {
    task: 'text-generation',
    license: 'llama3.1',
    parameters: 7.06e10,
    fitsOn: [],
  }),
  model(
    'bge',
    'search-relevance',
    {
      task: 'feature-extraction',
      license: 'mit',
      parameters: 3.35e8,
      fitsOn: ['l40s'],
    },
    { description: 'Embeddings for retrieval' },
  ),
].map(toModelRow);

describe('modelRows', () => {
  it('flattens entities', () => {
    expect(rows[0]).toMatchObject({
      owner: 'ml-platform',
      size: '1B – 10B',
      fitsOn: ['h100', 'l40s'],
    });
    expect(rows[1].size).toBe('≥ 50B');
    expect(rows[2].size).toBe('< 1B');
  });

  it.each([
    [{ search: 'retrieval', selected: {} }, ['bge']],
    [
      { search: '', selected: { task: ['text-generation'] } },
      ['llama-8b', 'llama-70b'],
    ],
    [{ search: '', selected: { fitsOn: ['l40s'] } }, ['llama-8b', 'bge']],
    [
      {
        search: 'llama',
        selected: { fitsOn: ['l40s'], license: ['llama3.1'] },
      },
      ['llama-8b'],
    ],
    [
      {
        search: '',
        selected: { owner: ['search-relevance'], size: ['≥ 50B'] },
      },
      [],
    ],
  ])('filters %j', (filters, expected) => {
    expect(filterModels(rows, filters).map(r => r.name)).toEqual(expected);
  });

  it('counts facet values', () => {
    expect(facetValues(rows, 'fitsOn')).toEqual([
      { value: 'l40s', count: 2 },
      { value: 'h100', count: 1 },
    ]);
    expect(facetValues(rows, 'size').map(v => v.value)).toEqual([
      '< 1B',
      '1B – 10B',
      '≥ 50B',
    ]);
  });

  it('formats parameter counts', () => {
    expect(formatParameters(8.03e9)).toBe('8.0B');
    expect(formatParameters(3.35e8)).toBe('335M');
    expect(formatParameters(undefined)).toBe('—');
  });
});
