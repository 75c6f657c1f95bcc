import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  configEnvVars,
  isSecretName,
} from './__testUtils__/config/configEnvVars';
import {
  MANIFESTS_DIR,
  PRODUCTION_CONFIG_FILES,
  REPO_ROOT,
} from './__testUtils__/paths';
import {
  KUSTOMIZATION,
  listManifestFiles,
  readManifests,
} from './__testUtils__/manifests/readManifests';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

const PORTAL_DIR = path.join(MANIFESTS_DIR, 'portal');
const portal = readManifests(PORTAL_DIR).map(d => d.object);
const one = (kind: string) => {
  const found = portal.filter(o => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as any;
};
const deployment = one('Deployment');
const podSpec = deployment.spec.template.spec;
const container = podSpec.containers[0];
const env: EnvVar[] = container.env;
const configMap = one('ConfigMap');
const exampleSecret = readManifests(MANIFESTS_DIR, [
  'examples/secret.example.yaml',
])[0].object as any;
const configVars = [
  ...new Set(
    PRODUCTION_CONFIG_FILES.flatMap(file => [
      ...configEnvVars(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')),
    ]),
  ),
].sort();

describe('the portal Deployment', () => {
  it('reads the production config', () => {
    // The derivation itself: these are read by app-config.production.yaml.
    expect(configVars).toEqual(
      expect.arrayContaining([
        'BACKEND_SECRET',
        'K8S_CLUSTER_TOKEN',
        'PORTAL_BASE_URL',
        'POSTGRES_PASSWORD',
        'PROMETHEUS_URL',
      ]),
    );
  });

  it.each(configVars.filter(isSecretName))(
    'sets %s, which the production config reads, from the Secret only',
    name => {
      const entry = env.find(e => e.name === name);
      expect(entry?.value).toBeUndefined();
      expect(entry?.valueFrom?.configMapKeyRef).toBeUndefined();
      expect(entry?.valueFrom?.secretKeyRef).toEqual(
        expect.objectContaining({
          name: exampleSecret.metadata.name,
          key: name,
        }),
      );
    },
  );

  it.each(configVars.filter(name => !isSecretName(name)))(
    'sets %s, which the production config reads, from the ConfigMap',
    name => {
      const entry = env.find(e => e.name === name);
      expect(entry?.value).toBeUndefined();
      expect(entry?.valueFrom?.configMapKeyRef).toEqual({
        name: configMap.metadata.name,
        key: name,
      });
      expect(Object.keys(configMap.data)).toContain(name);
    },
  );

  it('takes every value from the ConfigMap or the Secret, and each key exists there', () => {
    const fromConfigMap = env.filter(e => e.valueFrom?.configMapKeyRef);
    const fromSecret = env.filter(e => e.valueFrom?.secretKeyRef);
    expect(fromConfigMap.length + fromSecret.length).toBe(env.length);
    expect(env.filter(e => e.value !== undefined)).toEqual([]);
    expect(fromConfigMap.filter(e => isSecretName(e.name))).toEqual([]);
    expect(fromConfigMap.map(e => e.valueFrom!.configMapKeyRef!.name)).toEqual(
      fromConfigMap.map(() => configMap.metadata.name),
    );
    expect(Object.keys(configMap.data)).toEqual(
      expect.arrayContaining(
        fromConfigMap.map(e => e.valueFrom!.configMapKeyRef!.key),
      ),
    );
    expect(fromSecret.map(e => e.valueFrom!.secretKeyRef!.name)).toEqual(
      fromSecret.map(() => exampleSecret.metadata.name),
    );
    expect(Object.keys(exampleSecret.stringData)).toEqual(
      expect.arrayContaining(
        fromSecret.map(e => e.valueFrom!.secretKeyRef!.key),
      ),
    );
    expect(container.envFrom).toBeUndefined();
  });

  it('keeps credentials out of the ConfigMap and placeholders only in the example Secret', () => {
    for (const key of Object.keys(configMap.data)) {
      expect(isSecretName(key)).toBe(false);
    }
    expect(Object.values(exampleSecret.stringData)).toEqual(
      Object.keys(exampleSecret.stringData).map(() => 'REPLACE_ME'),
    );
    expect(exampleSecret.data).toBeUndefined();
    expect(portal.map(o => o.kind)).not.toContain('Secret');
  });

  it('runs two replicas kept available through drains', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(one('PodDisruptionBudget').spec).toEqual({
      minAvailable: 1,
      selector: deployment.spec.selector,
    });
  });

  it('probes Backstage health on the port the production config listens on', () => {
    const production = parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'app-config.production.yaml'),
        'utf8',
      ),
    );
    expect(container.ports).toEqual([
      {
        name: 'http',
        containerPort: production.backend.listen.port,
        protocol: 'TCP',
      },
    ]);
    expect(container.readinessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/readiness',
      port: 'http',
    });
    expect(container.livenessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/liveness',
      port: 'http',
    });
    expect(container.resources.requests).toEqual(
      expect.objectContaining({
        cpu: expect.any(String),
        memory: expect.any(String),
      }),
    );
    expect(container.resources.limits).toEqual(
      expect.objectContaining({ memory: expect.any(String) }),
    );
  });

  it('meets the restricted Pod Security Standard with a read-only root filesystem', () => {
    expect(podSpec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: expect.any(Number),
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(podSpec.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(podSpec.automountServiceAccountToken).toBe(false);
    const tmp = container.volumeMounts.find((m: any) => m.mountPath === '/tmp');
    expect(podSpec.volumes).toContainEqual(
      expect.objectContaining({ name: tmp.name, emptyDir: expect.any(Object) }),
    );
    expect(one('Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('is reached through a Service selecting its pods', () => {
    const service = one('Service');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(
      service.spec.selector,
    );
    expect(service.spec.ports[0].targetPort).toBe('http');
  });

  it('lists every portal manifest in its kustomization, and no Secret', () => {
    const kustomization = parse(
      fs.readFileSync(path.join(PORTAL_DIR, KUSTOMIZATION), 'utf8'),
    );
    expect([...kustomization.resources].sort()).toEqual(
      listManifestFiles(PORTAL_DIR),
    );
    expect(kustomization.images).toEqual([
      expect.objectContaining({ name: container.image }),
    ]);
  });
});
