// A throwaway certificate authority, a node certificate for 127.0.0.1 / localhost and a user's client certificate, made with the openssl command
// line in a temporary directory: what a secure cluster's nodes and clients are given, for TLS tests on loopback.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly dir: string;
  /** The CA certificate's path (what `tlsCAFile` names). */
  readonly caFile: string;
  readonly ca: Buffer;
  readonly nodeCert: Buffer;
  readonly nodeKey: Buffer;
  /** A user's client certificate and key, signed by the same CA (what `userCertFile` / `userKeyFile` name). */
  readonly userCertFile: string;
  readonly userKeyFile: string;
  remove(): void;
}

export const makeTestCertificates = (): TestCertificates => {
  const dir = mkdtempSync(join(tmpdir(), 'esdb-certs-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=swarmlog test CA', '-keyout', 'ca.key', '-out', 'ca.crt', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=node', '-keyout', 'node.key', '-out', 'node.csr');
  writeFileSync(at('node.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n');
  openssl('x509', '-req', '-in', 'node.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'node.ext', '-out', 'node.crt');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=swarm', '-keyout', 'user.key', '-out', 'user.csr');
  writeFileSync(at('user.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  openssl('x509', '-req', '-in', 'user.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'user.ext', '-out', 'user.crt');
  return {
    dir,
    caFile: at('ca.crt'),
    ca: readFileSync(at('ca.crt')),
    nodeCert: readFileSync(at('node.crt')),
    nodeKey: readFileSync(at('node.key')),
    userCertFile: at('user.crt'),
    userKeyFile: at('user.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};
