# A three-node KurrentDB cluster, one node per availability zone, each on a data volume of its own that DLM
# snapshots daily. Nodes speak TLS to each other and to clients with certificates generated here at deploy (a CA of
# the cluster's own), handed to each node through SSM; nothing listens outside the VPC.
locals {
  kurrentdb_nodes = [for i in range(3) : {
    index = i
    name  = "node${i + 1}"
    zone  = var.availability_zones[i]
    # A fixed address per node: the gossip seeds and the certificates name it.
    ip  = cidrhost(local.private_cidrs[i], 10)
    dns = "node${i + 1}.${local.kurrentdb_domain}"
  }]
  kurrentdb_domain = "kurrentdb.${var.name}.internal"
  kurrentdb_gossip = join(",", [for n in local.kurrentdb_nodes : "${n.dns}:2113"])
}

resource "aws_route53_zone" "internal" {
  name = "${var.name}.internal"
  vpc {
    vpc_id = aws_vpc.main.id
  }
}

resource "aws_route53_record" "kurrentdb_node" {
  count   = 3
  zone_id = aws_route53_zone.internal.zone_id
  name    = local.kurrentdb_nodes[count.index].dns
  type    = "A"
  ttl     = 60
  records = [local.kurrentdb_nodes[count.index].ip]
}

# The cluster's certificate authority: its key stays in Terraform's state only (keep the state encrypted, see
# docs/deploy.md); the nodes and clients get its certificate.
resource "tls_private_key" "kurrentdb_ca" {
  algorithm = "RSA"
  rsa_bits  = 4096
}

resource "tls_self_signed_cert" "kurrentdb_ca" {
  private_key_pem       = tls_private_key.kurrentdb_ca.private_key_pem
  is_ca_certificate     = true
  validity_period_hours = 24 * 365 * 5
  allowed_uses          = ["cert_signing", "crl_signing", "digital_signature"]
  subject {
    common_name  = "${var.name} KurrentDB CA"
    organization = var.name
  }
}

resource "tls_private_key" "kurrentdb_node" {
  count     = 3
  algorithm = "RSA"
  rsa_bits  = 2048
}

resource "tls_cert_request" "kurrentdb_node" {
  count           = 3
  private_key_pem = tls_private_key.kurrentdb_node[count.index].private_key_pem
  dns_names       = [local.kurrentdb_nodes[count.index].dns, local.kurrentdb_domain]
  ip_addresses    = [local.kurrentdb_nodes[count.index].ip]
  subject {
    # KurrentDB checks that a node's peers present this common name.
    common_name  = "eventstoredb-node"
    organization = var.name
  }
}

resource "tls_locally_signed_cert" "kurrentdb_node" {
  count                 = 3
  cert_request_pem      = tls_cert_request.kurrentdb_node[count.index].cert_request_pem
  ca_private_key_pem    = tls_private_key.kurrentdb_ca.private_key_pem
  ca_cert_pem           = tls_self_signed_cert.kurrentdb_ca.cert_pem
  validity_period_hours = 24 * 365 * 2
  early_renewal_hours   = 24 * 30
  allowed_uses          = ["digital_signature", "key_encipherment", "server_auth", "client_auth"]
}

resource "aws_instance" "kurrentdb" {
  count                  = 3
  ami                    = local.ami
  instance_type          = var.kurrentdb_instance_type
  subnet_id              = aws_subnet.private[count.index].id
  availability_zone      = local.kurrentdb_nodes[count.index].zone
  private_ip             = local.kurrentdb_nodes[count.index].ip
  vpc_security_group_ids = [aws_security_group.kurrentdb.id]
  iam_instance_profile   = aws_iam_instance_profile.host["kurrentdb-node${count.index + 1}"].name
  metadata_options {
    http_tokens = "required"
  }
  root_block_device {
    volume_size = 20
    encrypted   = true
  }
  user_data = templatefile("${path.module}/templates/kurrentdb-node.sh.tftpl", {
    image           = var.kurrentdb_image
    node_ip         = local.kurrentdb_nodes[count.index].ip
    node_dns        = local.kurrentdb_nodes[count.index].dns
    gossip_seed     = join(",", [for n in local.kurrentdb_nodes : "${n.dns}:2113" if n.index != count.index])
    region          = var.region
    param_ca_cert   = aws_ssm_parameter.kurrentdb_ca_cert.name
    param_node_cert = aws_ssm_parameter.kurrentdb_node_cert[count.index].name
    param_node_key  = aws_ssm_parameter.kurrentdb_node_key[count.index].name
    param_admin_pw  = aws_ssm_parameter.kurrentdb_admin_password.name
    volume_id       = aws_ebs_volume.kurrentdb_data[count.index].id
  })
  tags = { Name = "${var.name}-kurrentdb-${local.kurrentdb_nodes[count.index].name}", Role = "kurrentdb" }
}

resource "aws_ebs_volume" "kurrentdb_data" {
  count             = 3
  availability_zone = local.kurrentdb_nodes[count.index].zone
  size              = var.kurrentdb_volume_gb
  type              = "gp3"
  encrypted         = true
  tags = {
    Name     = "${var.name}-kurrentdb-${local.kurrentdb_nodes[count.index].name}-data"
    Snapshot = "${var.name}-data"
  }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_volume_attachment" "kurrentdb_data" {
  count       = 3
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.kurrentdb_data[count.index].id
  instance_id = aws_instance.kurrentdb[count.index].id
}
