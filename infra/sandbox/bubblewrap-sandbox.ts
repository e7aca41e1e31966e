/**
 * The bubblewrap adapter of the run sandbox (SPEC §6 "Containment"). Each agent program runs in its own user, PID,
 * IPC, UTS and (unless it needs a model server) network namespace, on an empty root where only these exist:
 * the system toolchain and the swarmlog installation read-only; the run folder and the role's folders of
 * `$SWARM_HOME` read-write or read-only as the role needs; a HOME of the run's own; `/proc` of its own PID namespace
 * (the swarm's processes and their environments are not in it); a private `/tmp`; and the agent endpoint's socket.
 * The log, the read models, operator tokens, the config file, other runs, the user's HOME and the swarm's
 * environment are not there. Paths keep their host names inside, so prompts that name `$SWARM_HOME/projects/<slug>`
 * work unchanged.
 */
import { existsSync, lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { RunMounts, RunSandbox, SandboxFactory, SandboxProgram, WrappedProgram } from '../../agents/sandbox/run-sandbox.js';
import { commandOnPath } from '../host/command-on-path.js';

/** Where the agent endpoint's socket appears inside every sandbox. */
export const sandboxEndpointPath = '/run/swarm/agent.sock';

export interface BubblewrapSettings {
  /** The bwrap executable. */
  readonly command: string;
  /** The swarmlog installation (its CLI, dist/ and node_modules): read-only. */
  readonly installationRoot: string;
  /** `$SWARM_HOME`: hidden, but for the folders a run's mounts name. */
  readonly swarmHome: string;
  /** The agent endpoint's socket on the host. */
  readonly endpointSocket: string;
  /** More read-only paths (the operator's `sandbox.readOnlyPaths`: a toolchain outside /usr, a CLI's install). */
  readonly readOnlyPaths: readonly string[];
  /** Files that must stay invisible even when they lie in a visible tree (the log, the config file, `.env` …). */
  readonly hiddenFiles: readonly string[];
}

const isWithin = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** The system folders every program needs (kept as symlinks where the host has them as symlinks, as Debian's /bin). */
const systemMounts = (): string[] => {
  const args: string[] = ['--ro-bind', '/usr', '/usr'];
  for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    if (!existsSync(dir)) continue;
    const link = lstatSync(dir).isSymbolicLink();
    if (link) args.push('--symlink', realpathSync(dir).replace(/^\//, ''), dir);
    else args.push('--ro-bind', dir, dir);
  }
  args.push('--ro-bind', '/etc', '/etc');
  return args;
};

/** The folder to make visible for a program found outside the visible trees: its npm install, or its own folder. */
const installOf = (file: string): string => {
  const real = existsSync(file) ? realpathSync(file) : file;
  const at = real.lastIndexOf(`${sep}node_modules${sep}`);
  return at >= 0 ? real.slice(0, at + `${sep}node_modules`.length) : dirname(real);
};

export const bubblewrapSandboxFactory =
  (settings: BubblewrapSettings): SandboxFactory =>
  (mounts: RunMounts): RunSandbox => {
    for (const dir of [mounts.runFolder, mounts.home, ...mounts.writable, ...mounts.readOnly]) mkdirSync(dir, { recursive: true });
    const nodePrefix = dirname(dirname(realpathSync(process.execPath)));
    const visibleRoots = ['/usr', '/etc', settings.installationRoot, nodePrefix, ...settings.readOnlyPaths];
    return {
      mode: 'bubblewrap',
      wrap(program: SandboxProgram, options: { network: boolean }): WrappedProgram {
        const args: string[] = ['--unshare-all', ...(options.network ? ['--share-net'] : []), '--die-with-parent', '--new-session', '--hostname', 'swarm-agent'];
        args.push(...systemMounts(), '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--tmpfs', '/run');
        const readOnly = new Set([settings.installationRoot, ...settings.readOnlyPaths]);
        if (!isWithin(nodePrefix, '/usr')) readOnly.add(nodePrefix);
        const found = commandOnPath(program.command, program.env);
        if (found && !visibleRoots.some((root) => isWithin(realpathSync(found), root))) readOnly.add(installOf(found));
        for (const path of [...readOnly].filter((p) => existsSync(p)).sort()) args.push('--ro-bind', path, path);
        // $SWARM_HOME is an empty folder inside, whatever tree it lies in; the role's folders are bound back below.
        args.push('--tmpfs', settings.swarmHome);
        for (const file of settings.hiddenFiles) {
          if (existsSync(file) && [...readOnly, '/etc'].some((root) => isWithin(file, root))) args.push('--ro-bind', '/dev/null', file);
        }
        const binds: [how: string, host: string, inside: string][] = [
          ...mounts.readOnly.map((p): [string, string, string] => ['--ro-bind', p, p]),
          ...mounts.writable.map((p): [string, string, string] => ['--bind', p, p]),
          ['--bind', mounts.runFolder, mounts.runFolder],
          ...(mounts.alsoAt ?? []).map(({ folder, inside }): [string, string, string] => [mounts.writable.includes(folder) ? '--bind' : '--ro-bind', folder, inside]),
        ];
        // Parents before children, so a run folder inside a writable folder is not hidden by it.
        for (const [how, host, inside] of binds.sort((a, b) => a[2].length - b[2].length)) args.push(how, host, inside);
        if (!isWithin(mounts.home, mounts.runFolder)) args.push('--bind', mounts.home, mounts.home);
        for (const [inside, host] of Object.entries(mounts.homeFiles)) {
          if (existsSync(host)) args.push('--ro-bind', host, join(mounts.home, inside));
        }
        args.push('--bind', settings.endpointSocket, sandboxEndpointPath);
        // Nothing written beside the role's folders, the run folder and /tmp: the empty $SWARM_HOME and the sandbox's
        // own root are read-only too.
        args.push('--remount-ro', settings.swarmHome, '--remount-ro', '/');
        args.push('--chdir', program.cwd, '--', program.command, ...program.args);
        return {
          command: settings.command,
          args,
          cwd: program.cwd,
          env: { ...program.env, HOME: mounts.home, SWARM_AGENT_ENDPOINT: sandboxEndpointPath },
        };
      },
    };
  };
