# Every secret lives in SSM Parameter Store as a SecureString under /<name>/<environment>/, encrypted with a key of
# the deployment's own whose policy lets a host decrypt only the parameters its IAM policy names (iam.tf). Hosts read
# them at boot (templates/*.sh.tftpl); no secret is written into a launch template, user data or an image.
locals {
  ssm_prefix = "/${var.name}/${var.environment}"
  # The secrets used for each role's work (publishing, GitHub, marketplaces), whether the role's runs receive them
  # (agents/roles.ts) or the swarm acts for them: given only to the hosts that run the role.
  role_secrets = {
    hunter    = ["APIFY_TOKEN"]
    publisher = ["GUMROAD_ACCESS_TOKEN", "NPM_TOKEN", "VERCEL_TOKEN", "GITHUB_TOKEN"]
    support   = ["GITHUB_TOKEN"]
  }
  # The key of the driver every run uses (agents/roles.ts, `providerSecrets`).
  provider_secrets = {
    # Claude Code takes an API key or a subscription's OAuth token (`claude setup-token`): whichever a person sets.
    claude    = ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"]
    anthropic = ["ANTHROPIC_API_KEY"]
    codex     = ["OPENAI_API_KEY"]
    sim       = []
  }
  # Secrets a person provides (set with `aws ssm put-parameter --overwrite`, see docs/deploy.md).
  # The operators' side, served by the dashboard's hosts: Slack (the channel, its commands and buttons) and Gumroad's
  # sale notifications (POST /hooks/gumroad).
  dashboard_secrets = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "GUMROAD_PING_KEY"]
  operator_secrets  = toset(distinct(concat(flatten(values(local.role_secrets)), flatten(values(local.provider_secrets)), local.dashboard_secrets)))
  # Per worker group: its driver's key and its roles' secrets, and the dashboard's when it serves the dashboard;
  # nothing else.
  group_secrets = {
    for group, g in var.worker_groups : group => distinct(concat(
      local.provider_secrets[var.llm_driver],
      flatten([for role in g.roles : lookup(local.role_secrets, split("-", role)[0], [])]),
      g.dashboard ? local.dashboard_secrets : [],
    ))
  }
}

resource "aws_kms_key" "secrets" {
  description             = "${var.name} ${var.environment}: SSM SecureString parameters"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/${var.name}-${var.environment}-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}

resource "random_password" "kurrentdb_admin" {
  length  = 32
  special = false
}

resource "random_password" "qdrant_api_key" {
  length  = 40
  special = false
}

resource "aws_ssm_parameter" "kurrentdb_admin_password" {
  name   = "${local.ssm_prefix}/kurrentdb/admin-password"
  type   = "SecureString"
  key_id = aws_kms_key.secrets.arn
  value  = random_password.kurrentdb_admin.result
}

# The CA certificate is public (clients verify the nodes with it) but is handed out the same way as the rest.
resource "aws_ssm_parameter" "kurrentdb_ca_cert" {
  name  = "${local.ssm_prefix}/kurrentdb/ca.crt"
  type  = "String"
  tier  = "Advanced"
  value = tls_self_signed_cert.kurrentdb_ca.cert_pem
}

resource "aws_ssm_parameter" "kurrentdb_node_cert" {
  count = 3
  name  = "${local.ssm_prefix}/kurrentdb/node${count.index + 1}/node.crt"
  type  = "String"
  tier  = "Advanced"
  value = tls_locally_signed_cert.kurrentdb_node[count.index].cert_pem
}

resource "aws_ssm_parameter" "kurrentdb_node_key" {
  count  = 3
  name   = "${local.ssm_prefix}/kurrentdb/node${count.index + 1}/node.key"
  type   = "SecureString"
  tier   = "Advanced"
  key_id = aws_kms_key.secrets.arn
  value  = tls_private_key.kurrentdb_node[count.index].private_key_pem_pkcs8
}

# SWARM_STORE of every worker: the cluster by gossip (the three nodes' names as seeds: each has a record in the
# private zone), over TLS, as the admin user.
resource "aws_ssm_parameter" "swarm_store" {
  name   = "${local.ssm_prefix}/swarm/SWARM_STORE"
  type   = "SecureString"
  key_id = aws_kms_key.secrets.arn
  value  = "esdb+discover://admin:${random_password.kurrentdb_admin.result}@${local.kurrentdb_gossip}?tls=true&tlsCAFile=/etc/swarmlog/kurrentdb-ca.crt&nodePreference=leader"
}

resource "aws_ssm_parameter" "qdrant_api_key" {
  name   = "${local.ssm_prefix}/qdrant/QDRANT_API_KEY"
  type   = "SecureString"
  key_id = aws_kms_key.secrets.arn
  value  = random_password.qdrant_api_key.result
}

resource "aws_ssm_parameter" "operator_secret" {
  for_each = local.operator_secrets
  name     = "${local.ssm_prefix}/secrets/${each.value}"
  type     = "SecureString"
  key_id   = aws_kms_key.secrets.arn
  # A placeholder: the real value is put by a person and never passes through Terraform (or its state).
  value = "unset"
  lifecycle {
    ignore_changes = [value]
  }
}
