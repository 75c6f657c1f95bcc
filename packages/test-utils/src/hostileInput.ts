import fc from 'fast-check';

/**
 * Generators of hostile HTTP input for route fuzzing: query strings with
 * arrays (`?a[]=x`), nested objects (`?a[b]=x`), unknown keys, huge strings,
 * unicode, numbers out of range and malformed escapes; JSON bodies of any
 * shape, shaped ones near the valid, and malformed JSON text.
 */

/** Strings that reach deep into validators. */
function scalar(interesting: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...interesting) },
    fc.constantFrom(
      '',
      '0',
      '-1',
      '1e309',
      'NaN',
      'Infinity',
      '99999999999999999999',
      'null',
      '__proto__',
      'constructor',
      '=HYPERLINK("http://x")',
      '../../etc/passwd',
      '\u0000',
      'group:default/',
      ':/',
      'x'.repeat(5000),
      `group:default/${'a'.repeat(300)}`,
      'Ｇｒｏｕｐ:ｄｅｆａｕｌｔ/ü',
      '😀'.repeat(50),
    ),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary-ascii', maxLength: 30 }),
    fc.integer().map(String),
    fc.double().map(String),
  );
}

type QueryValue = string | string[] | Record<string, string>;

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // Lone surrogates: send their UTF-8 replacement bytes escaped.
    return Buffer.from(text, 'utf8').toString('hex').replace(/../g, '%$&');
  }
}

/** A query string (without `?`) from keys and values, in qs syntax. */
export function toQueryString(
  query: Array<[string, QueryValue]>,
  raw: string,
): string {
  const parts: string[] = [];
  for (const [key, value] of query) {
    const k = encode(key);
    if (typeof value === 'string') parts.push(`${k}=${encode(value)}`);
    else if (Array.isArray(value))
      value.forEach(v => parts.push(`${k}[]=${encode(v)}`));
    else
      Object.entries(value).forEach(([sub, v]) =>
        parts.push(`${k}[${encode(sub)}]=${encode(v)}`),
      );
  }
  if (raw) parts.push(raw);
  return parts.join('&');
}

/**
 * A query string over the route's known parameters (and unknown ones), with
 * values near the valid (`interesting`) and hostile ones. With `valid`, half
 * the queries start from that valid query and change one or two parameters,
 * so the input reaches past the first check.
 */
export function hostileQuery(
  keys: string[],
  interesting: string[],
  valid?: Record<string, string>,
): fc.Arbitrary<string> {
  const value = scalar(interesting);
  const queryValue: fc.Arbitrary<QueryValue> = fc.oneof(
    { weight: 4, arbitrary: value },
    fc.array(value, { minLength: 1, maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', '0', '__proto__', 'length'), value, {
      minKeys: 1,
      maxKeys: 2,
    }),
  );
  const key = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...keys) },
    fc.string({ maxLength: 10 }),
  );
  const raw = fc.constantFrom(
    '',
    '',
    '',
    '%',
    '%E0%A4%A',
    'a=%zz',
    '&&=&',
    'a[[[=1',
  );
  const random = fc
    .tuple(
      fc.uniqueArray(fc.tuple(key, queryValue), {
        maxLength: keys.length + 2,
        selector: ([k]) => k,
      }),
      raw,
    )
    .map(([query, r]) => toQueryString(query, r));
  if (!valid) return random;
  const mutated = fc
    .tuple(
      fc.uniqueArray(fc.tuple(key, fc.option(queryValue)), {
        maxLength: 2,
        selector: ([k]) => k,
      }),
      fc.constantFrom('', '', '', '', '%', 'a[[[=1'),
    )
    .map(([changes, r]) => {
      const query = new Map<string, QueryValue>(Object.entries(valid));
      for (const [k, v] of changes) {
        if (v === null) query.delete(k);
        else query.set(k, v);
      }
      return toQueryString([...query.entries()], r);
    });
  return fc.oneof(random, mutated);
}

/** A path segment: valid-looking ids, unicode, huge and encoded junk. */
export function hostileSegment(interesting: string[]): fc.Arbitrary<string> {
  return scalar([...interesting, 'x'.repeat(300)])
    .filter(s => s.length > 0 && s.length < 2000)
    .map(encode);
}

/** What a JSON route gets sent: a JSON value, a near-valid object, or malformed text. */
export type HostileBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string; contentType: string };

/**
 * Bodies for a JSON route: any JSON value, objects over the route's fields
 * (each field any hostile value or a near-valid one), and malformed JSON.
 */
export function hostileBody(
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<HostileBody> {
  const hostileValue = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.double(),
    fc.constantFrom(
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      -0,
      'x'.repeat(5000),
      '',
      [],
      {},
      null,
    ),
  );
  const shaped = fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([name, near]) => [
        name,
        fc.oneof({ weight: 3, arbitrary: near }, hostileValue),
      ]),
    ),
    { requiredKeys: [] },
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          shaped,
          fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, {
            maxKeys: 2,
          }),
          fc.boolean(),
        )
        .map(([a, extra, withExtra]) => ({
          kind: 'json' as const,
          value: withExtra ? { ...extra, ...a } : a,
        })),
    },
    fc
      .jsonValue({ maxDepth: 3 })
      .map(value => ({ kind: 'json' as const, value })),
    fc
      .constantFrom(
        '{',
        '{"a":',
        '[1,2',
        'null',
        '"text"',
        '{"__proto__":{"x":1}}',
        '\u0000',
        '{"amount":1e999}',
      )
      .map(text => ({
        kind: 'text' as const,
        text,
        contentType: 'application/json',
      })),
  );
}
