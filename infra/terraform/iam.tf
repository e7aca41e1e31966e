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
  # The parameters each host reads, by host kind (each KurrentDB node its own key) or worker group.
  host_parameters = merge(
    { for i in range(3) : "kurrentdb-node${i + 1}" => [aws_ssm_parameter.kurrentdb_ca_cert.arn, aws_ssm_parameter.kurrentdb_node_cert[i].arn, aws_ssm_parameter.kurrentdb_node_key[i].arn, aws_ssm_parameter.kurrentdb_admin_password.arn] },
    { qdrant = [aws_ssm_parameter.qdrant_api_key.arn] },
    {
      for group, secrets in local.group_secrets : "worker-${group}" => concat(
        [aws_ssm_parameter.swarm_store.arn, aws_ssm_parameter.qdrant_api_key.arn, aws_ssm_parameter.kurrentdb_ca_cert.arn],
        [for s in secrets : aws_ssm_parameter.operator_secret[s].arn],
      )
    },
  )
}

# One role per host kind and worker group, with one policy: its own parameters, read and decrypted, and for the
# workers the pull of the swarm's image.
resource "aws_iam_role" "host" {
  for_each           = local.host_parameters
  name               = "${var.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

data "aws_iam_policy_document" "host_parameters" {
  for_each = local.host_parameters
  statement {
    sid       = "ReadOwnParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = each.value
  }
  statement {
    sid       = "DecryptOwnParameters"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.secrets.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:PARAMETER_ARN"
      values   = each.value
    }
  }
  dynamic "statement" {
    for_each = startswith(each.key, "worker-") ? [1] : []
    content {
      sid       = "PullSwarmImage"
      actions   = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "host_parameters" {
  for_each = local.host_parameters
  name     = "parameters"
  role     = aws_iam_role.host[each.key].id
  policy   = data.aws_iam_policy_document.host_parameters[each.key].json
}

resource "aws_iam_role_policy" "host_session_manager" {
  for_each = local.host_parameters
  name     = "session-manager"
  role     = aws_iam_role.host[each.key].id
  policy   = data.aws_iam_policy_document.session_manager.json
}

resource "aws_iam_instance_profile" "host" {
  for_each = local.host_parameters
  name     = "${var.name}-${each.key}"
  role     = aws_iam_role.host[each.key].name
}
