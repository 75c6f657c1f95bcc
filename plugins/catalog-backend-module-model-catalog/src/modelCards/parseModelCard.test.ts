import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelCard } from './parseModelCard';

describe('parseModelCard', () => {
  it('reads the Hugging Face front matter and sections', () => {
    const card = parseModelCard(
      readFileSync(join(__dirname, '__fixtures__/llama-card.md'), 'utf8'),
    );
    expect(card.metadata).toEqual({
      license: 'llama3.1',
      task: 'text-generation',
      framework: 'transformers',
      datasets: ['ultrachat_200k'],
      evaluations: [
        {
          name: 'MMLU (5-shot)',
          dataset: 'cais/mmlu',
          metric: 'acc',
          value: 69.4,
        },
      ],
      intendedUse:
        'Assistant-like chat and text generation in commercial and research settings.',
      limitations: 'May produce inaccurate or biased output.',
    });
    expect(card.body.startsWith('\n# Llama 3.1 8B Instruct')).toBe(true);
  });

  it('uses license_name for license: other', () => {
    expect(
      parseModelCard('---\nlicense: other\nlicense_name: acme-internal\n---\n')
        .metadata.license,
    ).toBe('acme-internal');
  });

  it('takes a card without front matter as Markdown only', () => {
    expect(parseModelCard('# Hello')).toEqual({
      frontMatter: {},
      body: '# Hello',
      metadata: {},
    });
  });

  it.each([
    ['---\nlicense: [unclosed\n---\n', /invalid YAML front matter/],
    ['---\n- a\n- b\n---\n', /not a mapping/],
  ])('rejects broken front matter %#', (text, error) => {
    expect(() => parseModelCard(text)).toThrow(error);
  });
});
