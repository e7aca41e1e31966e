# Qdrant, the vector index of the swarm's long-term memory (QDRANT_URL), on one host in the first zone with a data
# volume snapshotted with the database's. It is an index, not a record: `swarm rebuild --projection memory-index`
# folds it again from the log, so one node is enough.
locals {
  qdrant_ip = cidrhost(local.private_cidrs[0], 20)
}

resource "aws_route53_record" "qdrant" {
  zone_id = aws_route53_zone.internal.zone_id
  name    = "qdrant.${var.name}.internal"
  type    = "A"
  ttl     = 60
  records = [local.qdrant_ip]
}

resource "aws_instance" "qdrant" {
  ami                    = local.ami
  instance_type          = var.qdrant_instance_type
  subnet_id              = aws_subnet.private[0].id
  private_ip             = local.qdrant_ip
  vpc_security_group_ids = [aws_security_group.qdrant.id]
  iam_instance_profile   = aws_iam_instance_profile.host["qdrant"].name
  metadata_options {
    http_tokens = "required"
  }
  root_block_device {
    volume_size = 20
    encrypted   = true
  }
  user_data = templatefile("${path.module}/templates/qdrant.sh.tftpl", {
    image         = var.qdrant_image
    region        = var.region
    param_api_key = aws_ssm_parameter.qdrant_api_key.name
    volume_id     = aws_ebs_volume.qdrant_data.id
  })
  tags = { Name = "${var.name}-qdrant", Role = "qdrant" }
}

resource "aws_ebs_volume" "qdrant_data" {
  availability_zone = var.availability_zones[0]
  size              = var.qdrant_volume_gb
  type              = "gp3"
  encrypted         = true
  tags              = { Name = "${var.name}-qdrant-data", Snapshot = "${var.name}-data" }
}

resource "aws_volume_attachment" "qdrant_data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.qdrant_data.id
  instance_id = aws_instance.qdrant.id
}
