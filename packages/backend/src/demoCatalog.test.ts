import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  groupEntityV1alpha1Validator,
  KindValidator,
  parseEntityRef,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  SUITE_API_PLUGINS,
  suiteApiEntityName,
} from '@ai-platform/plugin-catalog-backend-module-model-catalog';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const demoDir = join(__dirname, '../../../demo/catalog');
const files = ['org.yaml', 'users.yaml', 'systems.yaml', 'components.yaml'];

function loadFile(file: string): Entity[] {
  return parseAllDocuments(readFileSync(join(demoDir, file), 'utf8')).map(
    doc => {
      if (doc.errors.length) {
        throw new Error(`${file}: ${doc.errors[0].message}`);
      }
      return refusePlaceholders(doc.toJS() as Entity);
    },
  );
}

/**
 * Refuses `$text`, `$json` and `$yaml` placeholders: the demo files are
 * `file` locations, whose path is no URL a placeholder can be resolved
 * against, and Backstage's URL reader reads no local files, so the catalog
 * would drop the entity (issue 15).
 */
function refusePlaceholders<T>(value: T, path = ''): T {
  if (Array.isArray(value)) {
    value.forEach((v, i) => refusePlaceholders(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/^\$(text|json|yaml)$/.test(k)) {
        throw new Error(
          `${path}.${k}: placeholders cannot be resolved in a file location`,
        );
      }
      refusePlaceholders(v, `${path}.${k}`);
    }
  }
  return value;
}

const entities = files.flatMap(loadFile);
// The suite's APIs come from the model catalog module's provider
// (catalog.providers.aiPlatformApis), with the documents the backends serve.
const providedApis = SUITE_API_PLUGINS.map(id =>
  stringifyEntityRef({
    kind: 'API',
    namespace: 'default',
    name: suiteApiEntityName(id),
  }),
);
const refs = new Set([
  ...entities.map(e => stringifyEntityRef(e)),
  ...providedApis,
]);

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

function ref(kind: string, name: string) {
  return stringifyEntityRef(parseEntityRef(name, { defaultKind: kind }));
}
const byKind = (kind: string) => entities.filter(e => e.kind === kind);

describe('the demo organisation', () => {
  it.each(files)('%s parses as YAML', file => {
    expect(loadFile(file).length).toBeGreaterThan(0);
  });

  it.each(entities.map(e => [stringifyEntityRef(e), e] as const))(
    '%s is a valid catalog entity',
    async (_ref, entity) => {
      await expect(policy.enforce(entity)).resolves.toBeDefined();
      const results = await Promise.all(
        kindValidators.map(v => v.check(entity)),
      );
      expect(results).toContain(true);
    },
  );

  it('has an organisation, two departments and at least six teams', () => {
    const groups = byKind('Group');
    const ofType = (type: string) =>
      groups.filter(g => g.spec?.type === type).map(g => g.metadata.name);
    expect(ofType('organization')).toEqual(['acme']);
    expect(ofType('department').sort()).toEqual(['infrastructure', 'products']);
    expect(ofType('team').length).toBeGreaterThanOrEqual(6);
    for (const team of groups.filter(g => g.spec?.type === 'team')) {
      expect(['infrastructure', 'products']).toContain(team.spec?.parent);
    }
  });

  it('refers only to entities it defines', () => {
    const dangling: string[] = [];
    const expectRef = (from: Entity, kind: string, name: unknown) => {
      if (typeof name !== 'string') return;
      const target = ref(kind, name);
      if (!refs.has(target)) {
        dangling.push(`${stringifyEntityRef(from)} -> ${target}`);
      }
    };
    for (const e of entities) {
      expectRef(e, 'Group', e.spec?.owner);
      expectRef(e, 'Group', e.spec?.parent);
      expectRef(e, 'System', e.spec?.system);
      expectRef(e, 'Domain', e.spec?.domain);
      for (const group of (e.spec?.memberOf as string[]) ?? []) {
        expectRef(e, 'Group', group);
      }
      for (const api of (e.spec?.providesApis as string[]) ?? []) {
        expectRef(e, 'API', api);
      }
    }
    expect(dangling).toEqual([]);
  });

  it('gives every team members and every component the suite annotations', () => {
    const members = new Set(
      byKind('User').flatMap(u => (u.spec?.memberOf as string[]) ?? []),
    );
    for (const team of byKind('Group').filter(g => g.spec?.type === 'team')) {
      expect(members).toContain(team.metadata.name);
    }
    for (const component of byKind('Component')) {
      expect(component.metadata.annotations).toEqual(
        expect.objectContaining({
          'backstage.io/kubernetes-id': component.metadata.name,
          'ai-platform.io/cost-center': expect.stringMatching(/^CC-\d{4}$/),
          'ai-platform.io/data-classification': expect.stringMatching(
            /^(public|internal|confidential|restricted)$/,
          ),
        }),
      );
    }
  });

  it('signs the guest in as a member of two teams', () => {
    const guest = byKind('User').find(u => u.metadata.name === 'guest');
    expect(guest?.spec?.memberOf).toEqual(['conversational-ai', 'ml-platform']);
  });
});
