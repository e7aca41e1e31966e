# Who may talk to whom. No database port (KurrentDB 2113/1112, Qdrant 6333/6334, the shared home's NFS 2049) admits
# anything from outside the VPC: their ingress names security groups of this VPC only, never a CIDR. Only the load balancer faces the internet.
resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Dashboard load balancer: HTTPS from the allowed ranges"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each          = toset(var.dashboard_allowed_cidrs)
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS to the dashboard"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "alb_http_redirect" {
  for_each          = toset(var.dashboard_allowed_cidrs)
  security_group_id = aws_security_group.alb.id
  description       = "HTTP, answered with a redirect to HTTPS"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_vpc_security_group_egress_rule" "alb_to_workers" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the dashboard port of the worker hosts"
  referenced_security_group_id = aws_security_group.workers.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
}

resource "aws_security_group" "workers" {
  name        = "${var.name}-workers"
  description = "Worker hosts running swarm up"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "workers_out" {
  security_group_id = aws_security_group.workers.id
  description       = "LLM APIs, package and image registries, SSM (through NAT), and the databases"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_security_group" "kurrentdb" {
  name        = "${var.name}-kurrentdb"
  description = "KurrentDB nodes: clients and gossip from inside the VPC only"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "kurrentdb_out" {
  security_group_id = aws_security_group.kurrentdb.id
  description       = "Image registry and SSM (through NAT), and the other nodes"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_security_group" "efs" {
  name        = "${var.name}-efs"
  description = "The shared home (EFS): NFS from the worker hosts only"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group" "qdrant" {
  name        = "${var.name}-qdrant"
  description = "Qdrant: from the worker hosts only"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "qdrant_out" {
  security_group_id = aws_security_group.qdrant.id
  description       = "Image registry and SSM (through NAT)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

# Every ingress between the swarm's own hosts, by security group, never by address: who (from) may reach whom (to)
# on which port. Only the load balancer's rules above name address ranges.
locals {
  security_groups = {
    alb       = aws_security_group.alb.id
    workers   = aws_security_group.workers.id
    kurrentdb = aws_security_group.kurrentdb.id
    qdrant    = aws_security_group.qdrant.id
    efs       = aws_security_group.efs.id
  }
  internal_ingress = {
    workers_from_alb              = { to = "workers", from = "alb", port = 8080, description = "Dashboard and API from the load balancer" }
    kurrentdb_clients             = { to = "kurrentdb", from = "workers", port = 2113, description = "gRPC/HTTP clients (the swarm)" }
    kurrentdb_cluster_http        = { to = "kurrentdb", from = "kurrentdb", port = 2113, description = "Gossip and client traffic between the nodes" }
    kurrentdb_cluster_replication = { to = "kurrentdb", from = "kurrentdb", port = 1112, description = "Replication between the nodes" }
    qdrant_http                   = { to = "qdrant", from = "workers", port = 6333, description = "Qdrant REST from the swarm" }
    qdrant_grpc                   = { to = "qdrant", from = "workers", port = 6334, description = "Qdrant gRPC from the swarm" }
    efs_nfs                       = { to = "efs", from = "workers", port = 2049, description = "NFS to the shared home from the swarm" }
  }
}

resource "aws_vpc_security_group_ingress_rule" "internal" {
  for_each                     = local.internal_ingress
  security_group_id            = local.security_groups[each.value.to]
  description                  = each.value.description
  referenced_security_group_id = local.security_groups[each.value.from]
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
}
