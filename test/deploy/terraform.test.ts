import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { providerSecrets, roles } from '../../agents/roles.js';
import { block, blocksOf, loadTerraform, terraformDir, type TerraformConfig } from './terraform-config.js';

/**
 * Offline checks of infra/terraform/ (no Terraform binary or cloud here): the HCL parses, and the structure holds —
 * three KurrentDB nodes in three zones with TLS and snapshotted volumes, no database port open outside the VPC,
 * every variable described, every secret from SSM and each host reading only its own parameters.
 */
const test = suite<{ tf: TerraformConfig }>('terraform');

test.before(async (ctx) => {
  ctx.tf = await loadTerraform();
});

test('every .tf file parses, and the parser refuses broken HCL', async ({ tf }) => {
  assert.ok(tf.files.length >= 8, `files: ${tf.files.join(', ')}`);
  let failed = '';
  await parse('broken.tf', 'resource "aws_instance" "x" {\n  ami = \n').catch((e: Error) => (failed = e.message));
  assert.match(failed, /broken\.tf:2/);
});

test('three KurrentDB nodes, one in each of three availability zones, each with its own data volume', ({ tf }) => {
  const zones = tf.variable.availability_zones![0] as Record<string, any>;
  assert.equal(new Set(zones.default).size, 3, 'three different default zones');
  assert.match(JSON.stringify(zones.validation), /length\(var\.availability_zones\) == 3/);
  const node = block(tf.resource, 'aws_instance', 'kurrentdb');
  assert.is(node.count, 3);
  assert.is(node.subnet_id, '${aws_subnet.private[count.index].id}');
  assert.is(node.availability_zone, '${local.kurrentdb_nodes[count.index].zone}');
  const subnet = block(tf.resource, 'aws_subnet', 'private');
  assert.is(subnet.count, 3);
  assert.is(subnet.availability_zone, '${var.availability_zones[count.index]}');
  assert.match(String(tf.locals.kurrentdb_nodes), /zone\s*=\s*var\.availability_zones\[i\]/);
  assert.match(String(tf.locals.kurrentdb_nodes), /for i in range\(3\)/);
  // The cluster is told it has three nodes.
  const template = readFileSync(join(terraformDir, 'templates', 'kurrentdb-node.sh.tftpl'), 'utf8');
  assert.match(template, /KURRENTDB_CLUSTER_SIZE=3/);
  const volume = block(tf.resource, 'aws_ebs_volume', 'kurrentdb_data');
  assert.is(volume.count, 3);
  assert.is(volume.availability_zone, node.availability_zone);
  assert.is(volume.encrypted, true);
  assert.is(block(tf.resource, 'aws_volume_attachment', 'kurrentdb_data').count, 3);
});

test('TLS certificates are generated at deploy for each node, signed by a CA of the cluster', ({ tf }) => {
  assert.ok(block(tf.resource, 'tls_self_signed_cert', 'kurrentdb_ca').is_ca_certificate);
  const cert = block(tf.resource, 'tls_locally_signed_cert', 'kurrentdb_node');
  assert.is(cert.count, 3);
  assert.match(cert.ca_private_key_pem, /tls_private_key\.kurrentdb_ca/);
  assert.is(block(tf.resource, 'tls_private_key', 'kurrentdb_node').count, 3);
  const template = readFileSync(join(terraformDir, 'templates', 'kurrentdb-node.sh.tftpl'), 'utf8');
  assert.match(template, /KURRENTDB_CERTIFICATE_FILE=/);
  assert.not.match(template, /KURRENTDB_INSECURE/);
  assert.match(String(block(tf.resource, 'aws_ssm_parameter', 'swarm_store').value), /tls=true/);
});

test('data volumes are snapshotted daily by DLM (the KurrentDB nodes and Qdrant)', ({ tf }) => {
  const policy = block(tf.resource, 'aws_dlm_lifecycle_policy', 'data');
  const details = policy.policy_details[0];
  assert.equal(details.resource_types, ['VOLUME']);
  const tag = details.target_tags.Snapshot;
  assert.is(block(tf.resource, 'aws_ebs_volume', 'kurrentdb_data').tags.Snapshot, tag);
  assert.is(block(tf.resource, 'aws_ebs_volume', 'qdrant_data').tags.Snapshot, tag);
  assert.ok(details.schedule[0].retain_rule[0].count);
});

test('no database port is reachable from outside the VPC', ({ tf }) => {
  const databases = ['kurrentdb', 'qdrant'];
  // Rules are separate resources; a security group with inline rules, or an aws_security_group_rule, would escape.
  for (const [name, sg] of blocksOf(tf.resource, 'aws_security_group')) assert.not.ok(sg.ingress, `inline ingress on ${name}`);
  assert.not.ok(tf.resource.aws_security_group_rule, 'aws_security_group_rule is not used');
  const rules = blocksOf(tf.resource, 'aws_vpc_security_group_ingress_rule');
  // Between the swarm's hosts: one resource over a map, which names a source security group and no address at all.
  const internal = block(tf.resource, 'aws_vpc_security_group_ingress_rule', 'internal');
  assert.is(internal.for_each, '${local.internal_ingress}');
  assert.is(internal.referenced_security_group_id, '${local.security_groups[each.value.from]}');
  assert.not.ok(internal.cidr_ipv4 ?? internal.cidr_ipv6 ?? internal.prefix_list_id);
  const groups = tf.locals.security_groups as Record<string, string>;
  for (const d of databases) assert.is(groups[d], `\${aws_security_group.${d}.id}`);
  const ingress = tf.locals.internal_ingress as Record<string, { to: string; from: string; port: number }>;
  const onDatabases = Object.entries(ingress).filter(([, r]) => databases.includes(r.to));
  assert.equal(onDatabases.map(([, r]) => r.port).sort(), [1112, 2113, 2113, 6333, 6334]);
  for (const [name, rule] of onDatabases) assert.ok(['workers', 'kurrentdb'].includes(rule.from), `${name}: from ${rule.from}`);
  // Only the load balancer admits addresses, and only on 443 and 80 (a redirect); nothing else names a range.
  for (const [name, rule] of rules.filter(([n]) => n !== 'internal')) {
    assert.is(rule.security_group_id, '${aws_security_group.alb.id}', name);
    assert.ok([443, 80].includes(rule.from_port) && rule.from_port === rule.to_port, name);
  }
  // The databases sit in private subnets with no public address and no route from the internet gateway.
  for (const name of ['kurrentdb', 'qdrant']) {
    const host = block(tf.resource, 'aws_instance', name);
    assert.match(host.subnet_id, /aws_subnet\.private\[/);
    assert.not.ok(host.associate_public_ip_address);
  }
  assert.not.ok(block(tf.resource, 'aws_subnet', 'private').map_public_ip_on_launch);
  assert.not.match(JSON.stringify(block(tf.resource, 'aws_route_table', 'private')), /internet_gateway/);
  assert.is(block(tf.resource, 'aws_lb', 'dashboard').internal, false);
});

test('every variable and output is described', ({ tf }) => {
  const names = Object.keys(tf.variable);
  assert.ok(names.length >= 15);
  for (const [name, [v]] of Object.entries(tf.variable)) assert.ok(String((v as any).description ?? '').trim().length > 10, `variable ${name} has no description`);
  for (const [name, [o]] of Object.entries(tf.output)) assert.ok(String((o as any).description ?? '').trim().length > 10, `output ${name} has no description`);
  // And every variable is used somewhere.
  const text = tf.files.map((f) => readFileSync(join(terraformDir, f), 'utf8')).join('\n');
  for (const name of names) assert.ok(text.includes(`var.${name}`), `variable ${name} is never used`);
});

test('every secret comes from SSM: SecureString parameters, read on the host, never in user data', ({ tf }) => {
  const parameters = blocksOf(tf.resource, 'aws_ssm_parameter');
  for (const [name, p] of parameters) {
    // Certificates are public; everything else held in a parameter is a secret.
    if (p.type === 'String') assert.match(p.name, /\.crt$/, `${name} is a plain String but not a certificate`);
    else {
      assert.is(p.type, 'SecureString', name);
      assert.is(p.key_id, '${aws_kms_key.secrets.arn}', name);
    }
  }
  // Passwords and keys made here go into parameters only: no templatefile (user data) is handed a value.
  const userData = [block(tf.resource, 'aws_instance', 'kurrentdb').user_data, block(tf.resource, 'aws_instance', 'qdrant').user_data, block(tf.resource, 'aws_launch_template', 'worker').user_data];
  for (const text of userData) {
    assert.not.match(text, /random_password|tls_private_key|private_key_pem|aws_ssm_parameter\.[\w[\]\.]*\.value\b/);
    for (const ref of text.matchAll(/aws_ssm_parameter\.[\w[\]\.]+/g)) assert.match(ref[0], /\.name$/, ref[0]);
  }
  // Operator secrets are placeholders in Terraform: their values are put by a person, never in the state.
  const operator = block(tf.resource, 'aws_ssm_parameter', 'operator_secret');
  assert.is(operator.value, 'unset');
  assert.equal(operator.lifecycle[0].ignore_changes, ['${value}']);
  for (const file of readdirSync(join(terraformDir, 'templates'))) {
    const template = readFileSync(join(terraformDir, 'templates', file), 'utf8');
    assert.match(template, /aws ssm get-parameter --region \$\{region\} --with-decryption/, file);
    assert.not.match(template, /(PASSWORD|API_KEY|TOKEN)=[A-Za-z0-9]/, `${file} holds a literal secret`);
  }
});

test("each role's secrets are roles' and secrets the swarm's code reads; each driver's key is the one it passes on", ({ tf }) => {
  const allowed = (patterns: readonly string[], name: string) => patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : p === name));
  // The code that may read a secret: the swarm itself (publishing, GitHub, marketplaces act for the roles) and the
  // roles' runs (agents/roles.ts). A name no code reads would be a parameter handed out for nothing.
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? (d.name === 'terraform' ? [] : sources(join(dir, d.name))) : d.name.endsWith('.ts') ? [readFileSync(join(dir, d.name), 'utf8')] : []));
  const code = ['agents', 'processes', 'infra', 'cli'].flatMap(sources).join('\n');
  const roleSecrets = tf.locals.role_secrets as Record<string, string[]>;
  for (const [role, secrets] of Object.entries(roleSecrets)) {
    assert.ok(roles[role as keyof typeof roles], `role_secrets names ${role}, not a role`);
    for (const s of secrets) assert.ok(code.includes(s) || code.includes(`${s.split('_')[0]}_*`), `${role} would get ${s}, which no code reads`);
  }
  const byProvider = tf.locals.provider_secrets as Record<string, string[]>;
  for (const [provider, patterns] of Object.entries(providerSecrets)) {
    for (const s of byProvider[provider] ?? []) assert.ok(allowed(patterns, s), `${provider} would get ${s}`);
    if (patterns.length > 0) assert.ok(byProvider[provider]?.length, `no key for the ${provider} driver`);
  }
});

test('each host may read and decrypt only its own parameters', ({ tf }) => {
  const text = tf.files.map((f) => readFileSync(join(terraformDir, f), 'utf8')).join('\n');
  // Session Manager's managed policy allows ssm:GetParameter on every parameter: not attached anywhere.
  assert.not.match(text, /policy\/AmazonSSMManagedInstanceCore/);
  const documents = blocksOf(tf.data, 'aws_iam_policy_document');
  for (const [name, doc] of documents) {
    for (const statement of doc.statement ?? []) {
      const actions: string[] = statement.actions ?? [];
      if (actions.some((a) => a.startsWith('ssm:GetParameter') || a === 'kms:Decrypt')) {
        assert.is.not(statement.resources, ['*'], `${name} reads every parameter`);
        assert.not.match(JSON.stringify(statement.resources), /"\*"|\/\*/, `${name}: a wildcard resource`);
      }
      if (actions.includes('kms:Decrypt')) assert.is(statement.condition?.[0]?.variable, 'kms:EncryptionContext:PARAMETER_ARN', name);
    }
    assert.not.ok((doc.statement ?? []).some((s: any) => (s.actions ?? []).some((a: string) => a === 'ssm:*' || a === '*' || a === 'ssm:GetParametersByPath')), `${name} grants too much`);
  }
  // One policy per host kind and worker group, each naming only its own list: a worker group's built from its
  // roles' secrets, each KurrentDB node's holding its own key.
  const hosts = block(tf.data, 'aws_iam_policy_document', 'host_parameters');
  assert.is(hosts.for_each, '${local.host_parameters}');
  assert.is(hosts.statement[0].resources, '${each.value}');
  assert.equal(hosts.statement[1].condition[0].values, '${each.value}');
  const lists = String(tf.locals.host_parameters);
  assert.match(lists, /local\.group_secrets/);
  assert.match(lists, /kurrentdb_node_key\[i\]/);
  assert.not.match(lists, /kurrentdb_node_key\[\*\]|operator_secret\[\*\]|values\(aws_ssm_parameter/);
  for (const name of ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_instance_profile'])
    for (const [resource, r] of blocksOf(tf.resource, name)) if (name !== 'aws_iam_role' || resource !== 'dlm') assert.is(r.for_each, '${local.host_parameters}', `${name}.${resource}`);
});

test('worker hosts run swarm up --roles from a launch template in an autoscaling group over three zones', ({ tf }) => {
  const asg = block(tf.resource, 'aws_autoscaling_group', 'worker');
  assert.is(asg.for_each, '${var.worker_groups}');
  assert.is(asg.vpc_zone_identifier, '${aws_subnet.private[*].id}');
  assert.match(asg.launch_template[0].id, /aws_launch_template\.worker/);
  const template = readFileSync(join(terraformDir, 'templates', 'worker.sh.tftpl'), 'utf8');
  assert.match(template, /swarm up --roles \$\{roles\}/);
  assert.match(block(tf.resource, 'aws_launch_template', 'worker').user_data, /roles\s*=\s*join\(",", each\.value\.roles\)/);
  const https = block(tf.resource, 'aws_lb_listener', 'https');
  assert.is(https.protocol, 'HTTPS');
  assert.is(https.port, 443);
  assert.is(block(tf.resource, 'aws_lb_target_group', 'dashboard').health_check[0].path, '/health');
});

test('the hosts share $SWARM_HOME on EFS (encrypted, backed up, a mount target per zone, NFS from the workers only) and keep their SQLite state on their own disk', ({ tf }) => {
  const home = block(tf.resource, 'aws_efs_file_system', 'home');
  assert.is(home.encrypted, true);
  assert.is(block(tf.resource, 'aws_efs_backup_policy', 'home').backup_policy[0].status, 'ENABLED');
  const targets = block(tf.resource, 'aws_efs_mount_target', 'home');
  assert.is(targets.count, 3);
  assert.is(targets.subnet_id, '${aws_subnet.private[count.index].id}');
  assert.equal(targets.security_groups, ['${aws_security_group.efs.id}']);
  // NFS only from the worker hosts' security group, never from an address range (see the rules test above).
  const ingress = tf.locals.internal_ingress as Record<string, { to: string; from: string; port: number }>;
  assert.equal(Object.values(ingress).filter((r) => r.to === 'efs').map((r) => [r.from, r.port]), [['workers', 2049]]);
  assert.is((tf.locals.security_groups as Record<string, string>).efs, '${aws_security_group.efs.id}');
  // Each host mounts it as the container's $SWARM_HOME (/data) and keeps its state in SWARM_STATE_DIR on its own disk.
  assert.match(block(tf.resource, 'aws_launch_template', 'worker').user_data, /home_nfs\s*=\s*aws_efs_file_system\.home\.dns_name/);
  const template = readFileSync(join(terraformDir, 'templates', 'worker.sh.tftpl'), 'utf8');
  assert.match(template, /\$\{home_nfs\}:\/ \/var\/lib\/swarmlog\/home nfs4 /);
  assert.match(template, /mount \/var\/lib\/swarmlog\/home/);
  assert.match(template, /-v \/var\/lib\/swarmlog\/home:\/data /);
  assert.match(template, /-v \/var\/lib\/swarmlog\/state:\/state -e SWARM_STATE_DIR=\/state /);
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  assert.match(dockerfile, /SWARM_HOME=\/data/);
});

test.run();
