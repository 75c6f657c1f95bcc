import { InputError } from '@backstage/errors';

/**
 * The operator of a {@link LabelSelectorRequirement}, as Kubernetes writes it:
 * `exists` (`key`), `!` (`!key`), `=`, `==`, `!=`, `in` and `notin`.
 *
 * @public
 */
export type LabelSelectorOperator =
  | 'exists'
  | '!'
  | '='
  | '=='
  | '!='
  | 'in'
  | 'notin';

/**
 * One comma-separated requirement of a label selector.
 *
 * @public
 */
export interface LabelSelectorRequirement {
  /** The label key. */
  key: string;
  /** How the label is matched. */
  operator: LabelSelectorOperator;
  /** One value for `=`, `==`, `!=`; the set for `in`/`notin`; none otherwise. */
  values: string[];
}

/**
 * A label selector that does not follow the Kubernetes grammar, with the
 * (zero-based) character position where parsing stopped. An `InputError`, so
 * a route that lets it through answers 400.
 *
 * @public
 */
export class LabelSelectorError extends InputError {
  /** The zero-based character position where parsing stopped. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

const MAX_NAME = 63;
const MAX_PREFIX = 253;
const SHOWN = 20;

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) // a-z
  );
}

function isLowerAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
}

/** `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63 characters. */
function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_NAME) return `is longer than ${MAX_NAME} characters`;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const edge = i === 0 || i === name.length - 1;
    if (isAlphanumeric(code)) continue;
    if (!edge && (code === 45 || code === 95 || code === 46)) continue; // - _ .
    return edge
      ? 'must start and end with a letter or digit'
      : "may only contain letters, digits, '-', '_' and '.'";
  }
  return undefined;
}

/** A DNS subdomain (RFC 1123): lower-case labels of `[a-z0-9-]` joined by dots. */
function prefixProblem(prefix: string): string | undefined {
  if (prefix.length === 0) return 'is empty';
  if (prefix.length > MAX_PREFIX)
    return `is longer than ${MAX_PREFIX} characters`;
  let labelStart = 0;
  for (let i = 0; i <= prefix.length; i++) {
    const code = i < prefix.length ? prefix.charCodeAt(i) : 46;
    if (code === 46) {
      // '.' or the end: the label [labelStart, i) must be non-empty and
      // start and end alphanumeric.
      if (
        i === labelStart ||
        !isLowerAlphanumeric(prefix.charCodeAt(labelStart)) ||
        !isLowerAlphanumeric(prefix.charCodeAt(i - 1))
      ) {
        return 'must be a DNS subdomain (lower-case letters, digits, - and .)';
      }
      labelStart = i + 1;
    } else if (!isLowerAlphanumeric(code) && code !== 45) {
      return 'must be a DNS subdomain (lower-case letters, digits, - and .)';
    }
  }
  return undefined;
}

/**
 * Why `key` is not a Kubernetes label key (an optional DNS-subdomain prefix
 * and `/`, then a name), or `undefined` when it is one.
 */
function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash === -1) {
    const problem = nameProblem(key);
    return problem && `name ${problem}`;
  }
  if (key.indexOf('/', slash + 1) !== -1) return "has more than one '/'";
  const prefix = prefixProblem(key.slice(0, slash));
  if (prefix) return `prefix ${prefix}`;
  const name = nameProblem(key.slice(slash + 1));
  return name && `name ${name}`;
}

function valueProblem(value: string): string | undefined {
  return value === '' ? undefined : nameProblem(value);
}

/**
 * Whether `value` is a valid Kubernetes label value: empty, or at most 63
 * characters of letters, digits, `-`, `_` and `.` that start and end with a
 * letter or digit. Linear in the length of `value`.
 *
 * @public
 */
export function isLabelValue(value: string): boolean {
  return valueProblem(value) === undefined;
}

/**
 * Whether `key` is a valid Kubernetes label key (`[prefix/]name`).
 *
 * @public
 */
export function isLabelKey(key: string): boolean {
  return keyProblem(key) === undefined;
}

type TokenKind =
  | 'identifier'
  | '!'
  | '='
  | '=='
  | '!='
  | '('
  | ')'
  | ','
  | '<'
  | '>'
  | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Kubernetes' special symbols: they end an identifier. */
function isSpecial(code: number): boolean {
  return (
    code === 33 || // !
    code === 61 || // =
    code === 40 || // (
    code === 41 || // )
    code === 44 || // ,
    code === 60 || // <
    code === 62 // >
  );
}

/**
 * apimachinery's lexer, one token at a time: parsing stops at the first
 * problem without reading (or allocating) the rest of the text.
 */
class Lexer {
  private at = 0;
  private ahead?: Token;

  constructor(private readonly text: string) {}

  peek(): Token {
    if (!this.ahead) this.ahead = this.scan();
    return this.ahead;
  }

  next(): Token {
    const token = this.peek();
    this.ahead = undefined;
    return token;
  }

  private scan(): Token {
    const { text } = this;
    let i = this.at;
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    const position = i;
    if (i >= text.length) {
      this.at = i;
      return { kind: 'end', text: '', position };
    }
    const code = text.charCodeAt(i);
    if (isSpecial(code)) {
      const next = text.charCodeAt(i + 1);
      if ((code === 33 || code === 61) && next === 61) {
        this.at = i + 2;
        return {
          kind: code === 33 ? '!=' : '==',
          text: text.slice(i, i + 2),
          position,
        };
      }
      this.at = i + 1;
      const ch = text[i] as TokenKind;
      return { kind: ch, text: ch, position };
    }
    while (
      i < text.length &&
      !isWhitespace(text.charCodeAt(i)) &&
      !isSpecial(text.charCodeAt(i))
    ) {
      i++;
    }
    this.at = i;
    return { kind: 'identifier', text: text.slice(position, i), position };
  }
}

function shown(token: Token): string {
  if (token.kind === 'end') return 'the end';
  const text =
    token.text.length > SHOWN ? `${token.text.slice(0, SHOWN)}…` : token.text;
  return `'${text}'`;
}

/**
 * Parses a Kubernetes label selector (the grammar of apimachinery's
 * `labels.Parse`): requirements separated by commas, each `key`, `!key`,
 * `key=value`, `key==value`, `key!=value`, `key in (v1,v2)` or
 * `key notin (v1,v2)`, with keys and values checked against the label
 * grammar.
 *
 * @remarks
 * One pass over the text, no regular expressions: time is linear in its
 * length whatever it holds. Unlike Kubernetes, an empty selector (which would
 * select every pod) and the `<`/`>` operators are refused. Throws a
 * {@link LabelSelectorError} naming the position and the problem.
 *
 * @public
 */
export function parseLabelSelector(text: string): LabelSelectorRequirement[] {
  const lexer = new Lexer(text);
  const peek = () => lexer.peek();
  const next = () => lexer.next();
  const fail = (token: Token, problem: string): never => {
    throw new LabelSelectorError(
      `Invalid label selector at position ${token.position}: ${problem}`,
      token.position,
    );
  };
  const expectKey = (): string => {
    const token = next();
    if (token.kind !== 'identifier') {
      return fail(token, `found ${shown(token)}, expected a label key`);
    }
    const problem = keyProblem(token.text);
    if (problem) fail(token, `label key ${shown(token)} ${problem}`);
    return token.text;
  };
  const value = (token: Token): string => {
    const problem = valueProblem(token.text);
    if (problem) fail(token, `label value ${shown(token)} ${problem}`);
    return token.text;
  };

  if (peek().kind === 'end') {
    fail(peek(), 'the selector is empty');
  }
  const requirements: LabelSelectorRequirement[] = [];
  for (;;) {
    if (peek().kind === '!') {
      next();
      requirements.push({ key: expectKey(), operator: '!', values: [] });
    } else {
      const key = expectKey();
      const op = peek();
      if (op.kind === ',' || op.kind === 'end') {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (op.kind === '=' || op.kind === '==' || op.kind === '!=') {
        next();
        // `key=` selects the empty value.
        const v = peek().kind === 'identifier' ? value(next()) : '';
        requirements.push({ key, operator: op.kind, values: [v] });
      } else if (
        op.kind === 'identifier' &&
        (op.text === 'in' || op.text === 'notin')
      ) {
        next();
        const open = next();
        if (open.kind !== '(') {
          fail(open, `found ${shown(open)}, expected '('`);
        }
        // Identifiers separated by commas; an empty place is the empty value.
        const values: string[] = [];
        let expectValue = true;
        for (;;) {
          const t = next();
          if (t.kind === 'identifier' && expectValue) {
            values.push(value(t));
            expectValue = false;
          } else if (t.kind === ',') {
            if (expectValue) values.push('');
            expectValue = true;
          } else if (t.kind === ')') {
            if (expectValue) values.push('');
            break;
          } else {
            fail(t, `found ${shown(t)}, expected ',', ')' or a label value`);
          }
        }
        requirements.push({ key, operator: op.text, values });
      } else if (op.kind === '<' || op.kind === '>') {
        fail(op, `the operator '${op.kind}' is not supported`);
      } else {
        fail(
          op,
          `found ${shown(
            op,
          )}, expected '=', '==', '!=', 'in', 'notin', ',' or the end`,
        );
      }
    }
    const after = next();
    if (after.kind === 'end') return requirements;
    if (after.kind !== ',') {
      fail(after, `found ${shown(after)}, expected ',' or the end`);
    }
  }
}

/**
 * Whether `text` is a label selector {@link parseLabelSelector} accepts.
 *
 * @public
 */
export function isLabelSelector(text: string): boolean {
  try {
    parseLabelSelector(text);
    return true;
  } catch (error) {
    if (error instanceof LabelSelectorError) return false;
    throw error;
  }
}
