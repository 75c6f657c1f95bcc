/**
 * Why a `matches` pattern could backtrack super-linearly, or undefined when
 * it is accepted.
 *
 * @remarks
 * Check definitions are configuration, but their patterns run over catalog
 * and cluster values, so they must stay linear. This is a conservative
 * structural check, not a full analysis: it refuses a quantified group that
 * holds another quantifier or an alternation (`(a+)+`, `(a|ab)*`), and
 * backreferences, which covers the exponential cases. A pattern it refuses
 * can be rewritten without the nesting (`a+`, `(?:a|b)` unquantified, or
 * several checks).
 */
export function superLinearReason(pattern: string): string | undefined {
  // For each open group: whether it holds a quantifier or an alternation.
  const stack: Array<{ quantified: boolean; alternation: boolean }> = [];
  let last: { quantified: boolean; alternation: boolean } | undefined;
  const markQuantifier = () => {
    for (const group of stack) group.quantified = true;
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') {
        return 'backreferences are not allowed';
      }
      i++;
      last = undefined;
      continue;
    }
    if (ch === '[') {
      // Skip the character class.
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') {
        if (pattern[i] === '\\') i++;
        i++;
      }
      last = undefined;
      continue;
    }
    if (ch === '(') {
      stack.push({ quantified: false, alternation: false });
      last = undefined;
      continue;
    }
    if (ch === ')') {
      last = stack.pop();
      continue;
    }
    if (ch === '|') {
      const top = stack[stack.length - 1];
      if (top) top.alternation = true;
      last = undefined;
      continue;
    }
    let repeats = ch === '*' || ch === '+';
    let end = i;
    if (ch === '{') {
      const bounds = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
      if (!bounds) {
        last = undefined;
        continue;
      }
      let max = Number(bounds[1]);
      if (bounds[2] !== undefined) {
        max = bounds[3] === '' ? Infinity : Number(bounds[3]);
      }
      repeats = max > 1;
      end = i + bounds[0].length - 1;
    }
    if (repeats || ch === '?' || ch === '{') {
      if (repeats && last && (last.quantified || last.alternation)) {
        return 'a repeated group holds a quantifier or an alternation (nested quantifiers backtrack exponentially)';
      }
      markQuantifier();
      i = end;
      // A lazy marker after the quantifier.
      if (pattern[i + 1] === '?') i++;
      last = undefined;
      continue;
    }
    last = undefined;
  }
  return undefined;
}
