output "alb_dns_name" {
  description = "DNS name of the dashboard's load balancer: point dashboard_domain at it (CNAME or alias)."
  value       = aws_lb.dashboard.dns_name
}

output "kurrentdb_nodes" {
  description = "Private DNS names and addresses of the three KurrentDB nodes."
  value       = { for n in local.kurrentdb_nodes : n.name => { dns = n.dns, ip = n.ip, zone = n.zone } }
}

output "kurrentdb_ca_certificate" {
  description = "The cluster's CA certificate (public): clients verify the nodes with it."
  value       = tls_self_signed_cert.kurrentdb_ca.cert_pem
}

output "ssm_parameters_to_set" {
  description = "SSM parameters a person must set (aws ssm put-parameter --overwrite --type SecureString) before the workers can run real agents."
  value       = [for p in aws_ssm_parameter.operator_secret : p.name]
}

output "worker_groups" {
  description = "Autoscaling group and roles of each worker group."
  value       = { for g, c in var.worker_groups : g => { asg = aws_autoscaling_group.worker[g].name, roles = c.roles, dashboard = c.dashboard } }
}

output "dashboard_url" {
  description = "Where the dashboard answers once dashboard_domain points at the load balancer."
  value       = "https://${var.dashboard_domain}/"
}
