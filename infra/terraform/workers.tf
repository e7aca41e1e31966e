# Worker hosts: one autoscaling group per entry of var.worker_groups, spread over the three private subnets, each
# host running `swarm up --roles <the group's roles>` in the swarm's container, its $SWARM_HOME the shared EFS file
# system (shared-home.tf) and its own state on its own disk. Hosts are cattle: each folds its read
# models from the shared log at first start (at rebuild speed, see README "A new host joining"), claims decide who
# runs what, so adding hosts or replacing them needs no coordination.
resource "aws_launch_template" "worker" {
  for_each      = var.worker_groups
  name_prefix   = "${var.name}-worker-${each.key}-"
  image_id      = local.ami
  instance_type = each.value.instance_type
  iam_instance_profile {
    name = aws_iam_instance_profile.host["worker-${each.key}"].name
  }
  vpc_security_group_ids = [aws_security_group.workers.id]
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
      volume_type = "gp3"
      encrypted   = true
    }
  }
  user_data = base64encode(templatefile("${path.module}/templates/worker.sh.tftpl", {
    image        = var.swarm_image
    region       = var.region
    roles        = join(",", each.value.roles)
    driver       = var.llm_driver
    dashboard    = each.value.dashboard
    qdrant_url   = "http://qdrant.${var.name}.internal:6333"
    param_store  = aws_ssm_parameter.swarm_store.name
    param_ca     = aws_ssm_parameter.kurrentdb_ca_cert.name
    param_qdrant = aws_ssm_parameter.qdrant_api_key.name
    home_nfs     = aws_efs_file_system.home.dns_name
    # Names of parameters only: the values are read on the host at boot.
    secret_params = { for s in local.group_secrets[each.key] : s => aws_ssm_parameter.operator_secret[s].name }
  }))
  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${var.name}-worker-${each.key}", Role = "worker", WorkerGroup = each.key }
  }
}

resource "aws_autoscaling_group" "worker" {
  for_each = var.worker_groups
  # Hosts mount the shared home at boot: its mount targets first.
  depends_on          = [aws_efs_mount_target.home]
  name                = "${var.name}-worker-${each.key}"
  min_size            = each.value.min_size
  max_size            = each.value.max_size
  desired_capacity    = each.value.desired_size
  vpc_zone_identifier = aws_subnet.private[*].id
  target_group_arns   = each.value.dashboard ? [aws_lb_target_group.dashboard.arn] : []
  health_check_type   = each.value.dashboard ? "ELB" : "EC2"
  # A first start over a long log folds the read models before the dashboard listens (README: first start; 611 s
  # measured over 5,000,000 events on a 2-core machine): the balancer waits that long before it replaces a host.
  health_check_grace_period = 1200
  launch_template {
    id      = aws_launch_template.worker[each.key].id
    version = aws_launch_template.worker[each.key].latest_version
  }
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
    }
  }
  tag {
    key                 = "Name"
    value               = "${var.name}-worker-${each.key}"
    propagate_at_launch = true
  }
}
