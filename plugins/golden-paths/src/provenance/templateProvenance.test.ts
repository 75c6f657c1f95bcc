import { project, template } from '../__testUtils__/fixtures';
import {
  isTemplateProvenanceAvailable,
  readTemplateProvenance,
  templateVersionOf,
} from './templateProvenance';

describe('readTemplateProvenance', () => {
  it('reads the template ref, normalised, and the version', () => {
    expect(
      readTemplateProvenance(
        project('bot', {
          templateRef: 'Template:Default/GenAI-Application',
          version: ' 3 ',
        }),
      ),
    ).toEqual({
      kind: 'recorded',
      templateRef: 'template:default/genai-application',
      version: '3',
    });
  });

  it('fills in the kind and namespace of a short ref', () => {
    expect(
      readTemplateProvenance(
        project('bot', { templateRef: 'genai-application' }),
      ),
    ).toEqual({
      kind: 'recorded',
      templateRef: 'template:default/genai-application',
      version: undefined,
    });
  });

  it.each([
    ['a ref of another kind', 'component:default/genai-application'],
    ['a ref with too many parts', 'template:default/a/b'],
    ['a colon-only value', ':'],
  ])('reports %s as malformed', (_what, value) => {
    expect(
      readTemplateProvenance(project('bot', { templateRef: value })),
    ).toEqual({ kind: 'malformed', value });
  });

  it('says nothing for entities without the annotation', () => {
    expect(readTemplateProvenance(project('bot', {}))).toBeUndefined();
    expect(
      readTemplateProvenance(project('bot', { templateRef: '  ' })),
    ).toBeUndefined();
    expect(isTemplateProvenanceAvailable(project('bot', {}))).toBe(false);
    expect(
      isTemplateProvenanceAvailable(
        project('bot', { templateRef: 'template:default/x' }),
      ),
    ).toBe(true);
  });
});

describe('templateVersionOf', () => {
  it('reads the Template version annotation', () => {
    expect(templateVersionOf(template('genai-application', '2'))).toBe('2');
    expect(templateVersionOf(template('genai-application'))).toBeUndefined();
  });
});
