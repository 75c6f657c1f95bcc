// Child processes of the vanilla-app run: commands that must succeed, servers
// that run in the background (each in its own process group, so the
// processes a server starts stop with it), and waits for them.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const servers = new Set();

/** The node running this script first on PATH, for every child. */
export function childEnv(extra = {}) {
  return {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    ...extra,
  };
}

function lastLines(text, count = 40) {
  return text.trim().split('\n').slice(-count).join('\n');
}

/**
 * Runs a command to completion, its output appended to `logFile` (and kept in
 * memory for the error). Rejects naming the command and its last lines when
 * it exits with anything but 0.
 */
export function run(command, args, { cwd, env, logFile, stdin = 'ignore' }) {
  return new Promise((resolve, reject) => {
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`);
    const child = spawn(command, args, {
      cwd,
      env: childEnv(env),
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let output = '';
    const take = chunk => {
      output += chunk;
      if (output.length > 200_000) output = output.slice(-100_000);
      log.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', error => {
      log.end();
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('close', code => {
      log.end();
      if (code === 0) resolve(output);
      else {
        reject(
          new Error(
            `\`${command} ${args.join(
              ' ',
            )}\` exited with ${code} (log: ${logFile}):\n${lastLines(output)}`,
          ),
        );
      }
    });
  });
}

/** Starts a server in its own process group; its output goes to `logFile`. */
export function startServer(name, command, args, { cwd, env, logFile }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, {
    cwd,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  const exit = new Promise(resolve =>
    child.on('exit', code => {
      exited = true;
      resolve(code);
    }),
  );
  const server = {
    name,
    logFile,
    pid: child.pid,
    get running() {
      return !exited;
    },
    exit,
    /** SIGTERM to the whole group, SIGKILL after `graceMs`. */
    async stop(graceMs = 10_000) {
      servers.delete(server);
      if (exited) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
  servers.add(server);
  return server;
}

/** Stops every server still running (on exit or interruption). */
export async function stopAllServers() {
  await Promise.all([...servers].reverse().map(s => s.stop()));
}

/**
 * Polls `check` every second until it returns a truthy value, failing with
 * `what` after `timeoutMs` or as soon as `server` (if given) exits.
 */
export async function waitFor(what, check, { timeoutMs, server }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    if (server && !server.running) {
      throw new Error(
        `${server.name} exited while waiting for ${what} (log: ${server.logFile})`,
      );
    }
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting for ${what}${
          lastError ? `: ${lastError.message}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** True once `url` answers with a status below 500. */
export async function answers(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return response.status < 500;
}
