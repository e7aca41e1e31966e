import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for AWS Systems Manager Parameter Store, speaking the AWS JSON 1.1 protocol that
 * `@aws-sdk/client-ssm` uses (POST /, `X-Amz-Target: AmazonSSM.<Operation>`). It implements GetParametersByPath
 * (Path, Recursive, WithDecryption, MaxResults, NextToken) over an in-memory set of parameters, and refuses a
 * request signed with another access key id the way AWS does (UnrecognizedClientException). A SecureString read
 * without decryption answers a ciphertext stand-in, as AWS would.
 */
export interface FakeParameter {
  readonly name: string;
  readonly value: string;
  readonly type: 'String' | 'SecureString' | 'StringList';
}

export interface FakeSsm {
  readonly url: string;
  readonly parameters: Map<string, FakeParameter>;
  /** The body of every request, with its target, in order. */
  readonly requests: { target: string; body: Record<string, unknown> }[];
  /** While true, every request answers 500 (the service is down). */
  down: boolean;
  close(): Promise<void>;
}

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${Date.now()}` });
  res.end(JSON.stringify(body));
};

export const startFakeSsm = async (options: { accessKeyId: string; parameters?: readonly FakeParameter[] }): Promise<FakeSsm> => {
  const parameters = new Map((options.parameters ?? []).map((p) => [p.name, p]));
  const requests: FakeSsm['requests'] = [];
  const state = { down: false };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    requests.push({ target, body });
    if (state.down) return reply(res, 500, { __type: 'InternalServerError', message: 'the fake is down' });
    const auth = String(req.headers.authorization ?? '');
    if (!auth.includes(`Credential=${options.accessKeyId}/`))
      return reply(res, 400, { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    if (target !== 'AmazonSSM.GetParametersByPath') return reply(res, 400, { __type: 'InvalidAction', message: `not implemented by the fake: ${target}` });
    const path = String(body.Path ?? '');
    const recursive = body.Recursive === true;
    const decrypt = body.WithDecryption === true;
    const max = Math.min(Number(body.MaxResults ?? 10), 10);
    const start = body.NextToken ? Number(Buffer.from(String(body.NextToken), 'base64').toString('utf8')) : 0;
    const base = path.endsWith('/') ? path : `${path}/`;
    const matching = [...parameters.values()]
      .filter((p) => p.name.startsWith(base) && (recursive || !p.name.slice(base.length).includes('/')))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = matching.slice(start, start + max);
    const next = start + max < matching.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
    return reply(res, 200, {
      Parameters: page.map((p) => ({
        Name: p.name,
        Type: p.type,
        Value: p.type === 'SecureString' && !decrypt ? `AQICAH-ciphertext-of-${p.name.length}` : p.value,
        Version: 1,
        ARN: `arn:aws:ssm:us-east-1:000000000000:parameter${p.name}`,
        DataType: 'text',
        LastModifiedDate: 1_700_000_000,
      })),
      ...(next ? { NextToken: next } : {}),
    });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => reply(res, 500, { __type: 'InternalServerError', message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    parameters,
    requests,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
};
