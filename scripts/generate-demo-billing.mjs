#!/usr/bin/env node
// Generates realistic FOCUS 1.2 billing exports for the demo organisation:
// one CSV per billing month, from the first day of the month six months ago
// up to yesterday (UTC), so the portal always shows current costs. Costs are
// tagged with the entity ref, team and cost centre keys of app-config.yaml's
// `cost.allocation`, per component of demo/catalog; shared costs carry only a
// sub-account (mapped to a team in config). Deterministic for a seed and day.
//
//   node scripts/generate-demo-billing.mjs [--out .data/billing] [--months 6] [--seed 42]
//
// The same generator makes the benchmark's large files (generateFocusRows).
import { createRequire } from 'node:module';
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** FOCUS 1.2 columns written, in order. */
export const FOCUS_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ConsumedQuantity',
  'ConsumedUnit',
  'InvoiceIssuerName',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
];

/** mulberry32: a small seeded PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++)
    h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const PROVIDERS = {
  AWS: {
    account: '480391275561',
    accountName: 'ACME AWS',
    issuer: 'Amazon Web Services, Inc.',
    region: ['us-east-1', 'US East (N. Virginia)'],
    compute: ['Amazon Elastic Compute Cloud', 'Compute', 'Hrs'],
    gpu: ['Amazon SageMaker', 'AI and Machine Learning', 'Hrs'],
    storage: ['Amazon Simple Storage Service', 'Storage', 'GB-Mo'],
    network: ['Amazon CloudFront', 'Networking', 'GB'],
    k8s: ['Amazon Elastic Kubernetes Service', 'Compute', 'Hrs'],
  },
  Microsoft: {
    account: '/providers/Microsoft.Billing/billingAccounts/7731942',
    accountName: 'ACME Azure',
    issuer: 'Microsoft',
    region: ['westeurope', 'West Europe'],
    compute: ['Virtual Machines', 'Compute', 'Hours'],
    gpu: ['Azure Machine Learning', 'AI and Machine Learning', 'Hours'],
    storage: ['Storage Accounts', 'Storage', 'GB/Month'],
    network: ['Bandwidth', 'Networking', 'GB'],
    k8s: ['Azure Kubernetes Service', 'Compute', 'Hours'],
  },
};

/** Sub-accounts of the demo: one per department and provider. */
export const DEMO_SUB_ACCOUNTS = {
  AWS: {
    infrastructure: ['219784550301', 'acme-infrastructure'],
    products: ['219784550302', 'acme-products'],
  },
  Microsoft: {
    infrastructure: [
      '/subscriptions/5d1c7e0a-2b7f-4f55-9a51-1d7c4f0e9a11',
      'acme-infrastructure',
    ],
    products: [
      '/subscriptions/9b3e1f52-6a0d-4c1b-8e77-3f2a6c5d7b22',
      'acme-products',
    ],
  },
};

function loadCatalog() {
  const { parseAllDocuments } = require('yaml');
  const docs = file =>
    parseAllDocuments(readFileSync(join(root, 'demo/catalog', file), 'utf8'))
      .map(d => d.toJS())
      .filter(Boolean);
  const groups = new Map();
  for (const g of docs('org.yaml').filter(e => e.kind === 'Group')) {
    groups.set(g.metadata.name, {
      parent: g.spec.parent,
      costCenter:
        g.metadata.annotations?.['ai-platform.io/cost-center'] ?? null,
    });
  }
  const components = docs('components.yaml')
    .filter(e => e.kind === 'Component')
    .map(c => ({
      name: c.metadata.name,
      owner: c.spec.owner,
      type: c.spec.type ?? 'service',
    }));
  const departmentOf = team => {
    let g = team;
    while (groups.get(g)?.parent && groups.get(g).parent !== 'acme')
      g = groups.get(g).parent;
    return g;
  };
  return { groups, components, departmentOf };
}

function profileOf(component) {
  const n = component.name;
  if (/train|finetune/.test(n))
    return {
      gpu: 'h100',
      gpuHours: [6, 40],
      compute: 60,
      storage: 25,
      network: 2,
    };
  if (/inference|llm|embedding|serving|ranker/.test(n))
    return {
      gpu: 'a100',
      gpuHours: [8, 24],
      compute: 45,
      storage: 8,
      network: 12,
    };
  if (/notebook|research/.test(n))
    return {
      gpu: 'l40s',
      gpuHours: [2, 14],
      compute: 15,
      storage: 10,
      network: 1,
    };
  return { gpu: null, gpuHours: [0, 0], compute: 30, storage: 6, network: 6 };
}

const GPU_RATE = { h100: 4.5, a100: 2.9, l40s: 1.6 };

const day = ms => new Date(ms).toISOString().slice(0, 10);
const iso = d => `${d}T00:00:00Z`;
function nextMonth(monthStart) {
  const [y, m] = monthStart.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

function quote(value) {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(fields) {
  return FOCUS_COLUMNS.map(c => quote(fields[c])).join(',');
}

/**
 * The rows of one day of the demo organisation.
 * `scale` multiplies the number of resources per component (for benchmarks).
 */
export function demoRowsForDay(
  d,
  { seed = 42, scale = 1, catalog = loadCatalog() } = {},
) {
  const rand = rng(hash(`${seed}:${d}`));
  const monthStart = `${d.slice(0, 7)}-01`;
  const weekday = new Date(iso(d)).getUTCDay();
  const weekFactor = weekday === 0 || weekday === 6 ? 0.7 : 1;
  // Gentle growth: +1.2 % per week since 2025-01-01.
  const growth =
    1 +
    ((Date.parse(iso(d)) - Date.parse('2025-01-01T00:00:00Z')) /
      86_400_000 /
      7) *
      0.012;
  const rows = [];
  const push = (provider, team, kind, amount, quantity, extra) => {
    const p = PROVIDERS[provider];
    const [serviceName, category, unit] = p[kind];
    const department = catalog.departmentOf(team);
    const [subId, subName] =
      DEMO_SUB_ACCOUNTS[provider][department] ??
      DEMO_SUB_ACCOUNTS[provider].infrastructure;
    const billed = Math.round(amount * 1e4) / 1e4;
    const list = Math.round(billed * 1.18 * 1e4) / 1e4;
    rows.push(
      row({
        BilledCost: billed,
        EffectiveCost: billed,
        ListCost: list,
        ContractedCost: billed,
        BillingAccountId: p.account,
        BillingAccountName: p.accountName,
        BillingAccountType: 'Billing Account',
        BillingCurrency: 'USD',
        BillingPeriodStart: iso(monthStart),
        BillingPeriodEnd: iso(nextMonth(monthStart)),
        ChargeCategory: 'Usage',
        ChargeClass: '',
        ChargeDescription: `${serviceName} usage`,
        ChargeFrequency: 'Usage-Based',
        ChargePeriodStart: iso(d),
        ChargePeriodEnd: iso(day(Date.parse(iso(d)) + 86_400_000)),
        ConsumedQuantity: Math.round(quantity * 1e3) / 1e3,
        ConsumedUnit: unit,
        InvoiceIssuerName: p.issuer,
        PricingCategory: 'Standard',
        PricingQuantity: Math.round(quantity * 1e3) / 1e3,
        PricingUnit: unit,
        ProviderName: provider,
        PublisherName: p.issuer,
        RegionId: p.region[0],
        RegionName: p.region[1],
        ServiceCategory: category,
        ServiceName: serviceName,
        SubAccountId: subId,
        SubAccountName: subName,
        SubAccountType: provider === 'AWS' ? 'Account' : 'Subscription',
        ...extra,
      }),
    );
  };
  for (const component of catalog.components) {
    const profile = profileOf(component);
    const provider = hash(component.name) % 3 === 0 ? 'Microsoft' : 'AWS';
    const team = component.owner;
    const tags = {
      'backstage.io/entity-ref': `component:default/${component.name}`,
      'ai-platform.io/team': `group:default/${team}`,
      ...(catalog.groups.get(team)?.costCenter
        ? { 'ai-platform.io/cost-center': catalog.groups.get(team).costCenter }
        : {}),
    };
    for (let r = 0; r < scale; r++) {
      const resource = `${component.name}${scale > 1 ? `-${r}` : ''}`;
      const noise = () => 0.8 + rand() * 0.4;
      const base = { ResourceType: 'Virtual machine' };
      push(
        provider,
        team,
        'compute',
        profile.compute * growth * weekFactor * noise(),
        24,
        {
          ...base,
          ResourceId: `${provider === 'AWS' ? 'i-' : 'vm-'}${hash(
            resource,
          ).toString(16)}`,
          ResourceName: resource,
          SkuId: provider === 'AWS' ? 'm6i.2xlarge' : 'Standard_D8s_v5',
          Tags: JSON.stringify(tags),
        },
      );
      push(
        provider,
        team,
        'storage',
        profile.storage * growth * noise(),
        profile.storage * 30,
        {
          ResourceType: 'Storage',
          ResourceId: `${resource}-data`,
          ResourceName: `${resource}-data`,
          SkuId: 'standard',
          Tags: JSON.stringify(tags),
        },
      );
      push(
        provider,
        team,
        'network',
        profile.network * weekFactor * noise(),
        profile.network * 11,
        {
          ResourceType: 'Network',
          ResourceId: `${resource}-egress`,
          ResourceName: `${resource}-egress`,
          SkuId: 'egress',
          Tags: JSON.stringify(tags),
        },
      );
      if (profile.gpu) {
        const [lo, hi] = profile.gpuHours;
        const hours = (lo + rand() * (hi - lo)) * weekFactor * growth;
        push(provider, team, 'gpu', hours * GPU_RATE[profile.gpu], hours, {
          ResourceType: 'GPU instance',
          ResourceId: `${resource}-gpu`,
          ResourceName: `${resource}-gpu`,
          SkuId: `${profile.gpu}-on-demand`,
          Tags: JSON.stringify({
            ...tags,
            'ai-platform.io/gpu-class': profile.gpu,
          }),
        });
      }
    }
  }
  // Shared platform costs without tags: allocated through the sub-account mapping.
  for (const provider of Object.keys(PROVIDERS)) {
    for (const department of ['infrastructure', 'products']) {
      const team =
        department === 'infrastructure' ? 'platform-engineering' : 'products';
      push(
        provider,
        team,
        'k8s',
        (department === 'infrastructure' ? 55 : 30) *
          growth *
          (0.9 + rand() * 0.2),
        24 * 3,
        {
          ResourceType: 'Cluster',
          ResourceId: `${provider.toLowerCase()}-${department}-cluster`,
          ResourceName: `${department} cluster`,
          SkuId: 'control-plane',
          Tags: '{}',
        },
      );
    }
  }
  return rows;
}

/** The demo export months: `[{ monthStart, days[] }]` ending yesterday. */
export function demoMonths(months = 6, today = new Date()) {
  const yesterday = day(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) -
      86_400_000,
  );
  const first = new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, 1),
  );
  const result = [];
  for (let ms = first.getTime(); day(ms) <= yesterday; ms += 86_400_000) {
    const d = day(ms);
    const monthStart = `${d.slice(0, 7)}-01`;
    if (result[result.length - 1]?.monthStart !== monthStart)
      result.push({ monthStart, days: [] });
    result[result.length - 1].days.push(d);
  }
  return result;
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const out = resolve(root, opt('out', '.data/billing'));
  const months = Number(opt('months', '6'));
  const seed = Number(opt('seed', '42'));
  mkdirSync(out, { recursive: true });
  const catalog = loadCatalog();
  const wanted = new Set();
  let rows = 0;
  for (const { monthStart, days } of demoMonths(months)) {
    const name = `demo-focus-${monthStart.slice(0, 7)}.csv`;
    wanted.add(name);
    const lines = days.flatMap(d => demoRowsForDay(d, { seed, catalog }));
    rows += lines.length;
    const text = `${FOCUS_COLUMNS.join(',')}\n${lines.join('\n')}\n`;
    const path = join(out, name);
    let current = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // a new month
    }
    // Unchanged files keep their mtime, so the portal does not re-read them.
    if (current !== text) writeFileSync(path, text);
  }
  for (const name of readdirSync(out)) {
    if (/^demo-focus-\d{4}-\d{2}\.csv$/.test(name) && !wanted.has(name))
      rmSync(join(out, name));
  }
  process.stderr.write(
    `demo billing: ${rows} FOCUS rows in ${wanted.size} files under ${out}\n`,
  );
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main();
}
