# Each kind of host has a role of its own, and each worker group one more: a host may read exactly the SSM
# parameters its service (or its roles) need, and decrypt exactly those. Session Manager is granted by a narrow
# policy, not AmazonSSMManagedInstanceCore (which would let any host read every parameter).
data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "session_manager" {
  statement {
    sid       = "SessionManager"
    actions   = ["ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel", "ec2messages:GetMessages", "ec2messages:AcknowledgeMessage", "ec2messages:SendReply", "ec2messages:GetEndpoint", "ec2messages:FailMessage", "ec2messages:DeleteMessage"]
    resources = ["*"]
  }
}

locals {
  # The parameters each host reads, by host kind or worker group.
  kurrentdb_parameters = [for i in range(3) : [aws_ssm_parameter.kurrentdb_ca_cert.arn, aws_ssm_parameter.kurrentdb_node_cert[i].arn, aws_ssm_parameter.kurrentdb_node_key[i].arn, aws_ssm_parameter.kurrentdb_admin_password.arn]]
  qdrant_parameters    = [aws_ssm_parameter.qdrant_api_key.arn]
  worker_parameters = {
    for group, secrets in local.group_secrets : group => concat(
      [aws_ssm_parameter.swarm_store.arn, aws_ssm_parameter.qdrant_api_key.arn, aws_ssm_parameter.kurrentdb_ca_cert.arn],
      [for s in secrets : aws_ssm_parameter.operator_secret[s].arn],
    )
  }
}

# --- KurrentDB nodes: one role per node, since each reads its own key. ---
resource "aws_iam_role" "kurrentdb" {
  count              = 3
  name               = "${var.name}-kurrentdb-node${count.index + 1}"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy" "kurrentdb_parameters" {
  count  = 3
  name   = "parameters"
  role   = aws_iam_role.kurrentdb[count.index].id
  policy = data.aws_iam_policy_document.kurrentdb_parameters[count.index].json
}

data "aws_iam_policy_document" "kurrentdb_parameters" {
  count = 3
  statement {
    sid       = "ReadOwnParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = local.kurrentdb_parameters[count.index]
  }
  statement {
    sid       = "DecryptOwnParameters"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.secrets.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:PARAMETER_ARN"
      values   = local.kurrentdb_parameters[count.index]
    }
  }
}

resource "aws_iam_role_policy" "kurrentdb_session_manager" {
  count  = 3
  name   = "session-manager"
  role   = aws_iam_role.kurrentdb[count.index].id
  policy = data.aws_iam_policy_document.session_manager.json
}

resource "aws_iam_instance_profile" "kurrentdb" {
  count = 3
  name  = "${var.name}-kurrentdb-node${count.index + 1}"
  role  = aws_iam_role.kurrentdb[count.index].name
}

# --- Qdrant ---
resource "aws_iam_role" "qdrant" {
  name               = "${var.name}-qdrant"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

data "aws_iam_policy_document" "qdrant_parameters" {
  statement {
    sid       = "ReadOwnParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = local.qdrant_parameters
  }
  statement {
    sid       = "DecryptOwnParameters"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.secrets.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:PARAMETER_ARN"
      values   = local.qdrant_parameters
    }
  }
}

resource "aws_iam_role_policy" "qdrant_parameters" {
  name   = "parameters"
  role   = aws_iam_role.qdrant.id
  policy = data.aws_iam_policy_document.qdrant_parameters.json
}

resource "aws_iam_role_policy" "qdrant_session_manager" {
  name   = "session-manager"
  role   = aws_iam_role.qdrant.id
  policy = data.aws_iam_policy_document.session_manager.json
}

resource "aws_iam_instance_profile" "qdrant" {
  name = "${var.name}-qdrant"
  role = aws_iam_role.qdrant.name
}

# --- Worker groups: each reads the log's address, Qdrant's key, the CA and its roles' secrets. ---
resource "aws_iam_role" "worker" {
  for_each           = var.worker_groups
  name               = "${var.name}-worker-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

data "aws_iam_policy_document" "worker_parameters" {
  for_each = var.worker_groups
  statement {
    sid       = "ReadOwnParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = local.worker_parameters[each.key]
  }
  statement {
    sid       = "DecryptOwnParameters"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.secrets.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:PARAMETER_ARN"
      values   = local.worker_parameters[each.key]
    }
  }
  statement {
    sid       = "PullSwarmImage"
    actions   = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "worker_parameters" {
  for_each = var.worker_groups
  name     = "parameters"
  role     = aws_iam_role.worker[each.key].id
  policy   = data.aws_iam_policy_document.worker_parameters[each.key].json
}

resource "aws_iam_role_policy" "worker_session_manager" {
  for_each = var.worker_groups
  name     = "session-manager"
  role     = aws_iam_role.worker[each.key].id
  policy   = data.aws_iam_policy_document.session_manager.json
}

resource "aws_iam_instance_profile" "worker" {
  for_each = var.worker_groups
  name     = "${var.name}-worker-${each.key}"
  role     = aws_iam_role.worker[each.key].name
}
