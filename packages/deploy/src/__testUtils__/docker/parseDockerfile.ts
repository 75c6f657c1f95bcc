/** One instruction of a Dockerfile. */
export interface DockerInstruction {
  /** Upper-cased: `FROM`, `RUN`, ... */
  instruction: string;
  /** The rest of the instruction, continuation lines joined with a space. */
  args: string;
  /** Where it starts, from 1. */
  line: number;
}

/**
 * Splits a Dockerfile into instructions: comment lines dropped (parser
 * directives included), lines ending in `\` joined to the next.
 */
export function parseDockerfile(text: string): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && !pending)) return;
    const continued = line.endsWith('\\');
    const part = continued ? line.slice(0, -1).trim() : line;
    pending ??= { parts: [], line: i + 1 };
    if (part) pending.parts.push(part);
    if (continued) return;
    const joined = pending.parts.join(' ');
    const space = joined.search(/\s/);
    out.push({
      instruction: (space < 0 ? joined : joined.slice(0, space)).toUpperCase(),
      args: space < 0 ? '' : joined.slice(space + 1).trim(),
      line: pending.line,
    });
    pending = undefined;
  });
  return out;
}

/** The source paths and the destination of a `COPY` (flags such as `--chown` dropped). */
export function copyPaths(args: string): { sources: string[]; dest: string } {
  const words = args.split(/\s+/).filter(w => !w.startsWith('--'));
  return { sources: words.slice(0, -1), dest: words[words.length - 1] };
}
