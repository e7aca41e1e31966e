variable "name" {
  description = "Prefix of every resource name and of the SSM parameter path (/<name>/...)."
  type        = string
  default     = "swarmlog"
}

variable "environment" {
  description = "Environment tag (prod, staging, ...), also part of the SSM path."
  type        = string
  default     = "prod"
}

variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "eu-west-1"
}

variable "availability_zones" {
  description = "Exactly three availability zones of the region: one KurrentDB node and one private subnet in each."
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  validation {
    condition     = length(var.availability_zones) == 3 && length(distinct(var.availability_zones)) == 3
    error_message = "availability_zones must name three different zones (a three-node cluster survives the loss of one)."
  }
}

variable "vpc_cidr" {
  description = "Address range of the VPC; subnets are carved from it (a /20 per subnet)."
  type        = string
  default     = "10.40.0.0/16"
}

variable "ami_id" {
  description = "AMI for every host (Debian 12 or Ubuntu 24.04 with cloud-init). Empty: the latest Debian 12 AMI of the region."
  type        = string
  default     = ""
}

variable "kurrentdb_image" {
  description = "Container image of KurrentDB run on the database nodes."
  type        = string
  default     = "docker.kurrent.io/kurrent-latest/kurrentdb:25.0"
}

variable "kurrentdb_instance_type" {
  description = "EC2 instance type of each of the three KurrentDB nodes."
  type        = string
  default     = "m6i.large"
}

variable "kurrentdb_volume_gb" {
  description = "Size in GiB of each KurrentDB node's data volume (gp3, encrypted)."
  type        = number
  default     = 200
}

variable "snapshot_retention_days" {
  description = "How many daily EBS snapshots of the KurrentDB and Qdrant data volumes to keep (Data Lifecycle Manager)."
  type        = number
  default     = 14
}

variable "snapshot_time_utc" {
  description = "Time of day (HH:MM, UTC) at which the daily snapshots are taken."
  type        = string
  default     = "03:00"
}

variable "qdrant_image" {
  description = "Container image of Qdrant (the vector index of the swarm's long-term memory)."
  type        = string
  default     = "qdrant/qdrant:v1.12.4"
}

variable "qdrant_instance_type" {
  description = "EC2 instance type of the Qdrant host."
  type        = string
  default     = "t3.large"
}

variable "qdrant_volume_gb" {
  description = "Size in GiB of the Qdrant data volume (gp3, encrypted)."
  type        = number
  default     = 50
}

variable "swarm_image" {
  description = "Container image of the swarm, built from the repository's Dockerfile and pushed to a registry the hosts can pull from."
  type        = string
}

variable "llm_driver" {
  description = "Agent driver of every worker host: sim, claude, codex or anthropic (swarm up --driver)."
  type        = string
  default     = "claude"
  validation {
    condition     = contains(["sim", "claude", "codex", "anthropic"], var.llm_driver)
    error_message = "llm_driver must be one of sim, claude, codex, anthropic."
  }
}

variable "worker_groups" {
  description = <<-EOT
    Autoscaling groups of worker hosts, by name. Each host runs `swarm up --roles <roles>` from the group's launch
    template; exactly one group should set dashboard = true (its hosts serve the dashboard behind the load balancer,
    the others run with --no-dashboard). IAM gives each group only the SSM parameters its roles need.
  EOT
  type = map(object({
    roles         = list(string)
    instance_type = optional(string, "c6i.large")
    min_size      = optional(number, 1)
    max_size      = optional(number, 3)
    desired_size  = optional(number, 1)
    dashboard     = optional(bool, false)
  }))
  default = {
    front = {
      roles     = ["hunter", "critic", "pm", "liaison", "meta"]
      dashboard = true
      max_size  = 1
    }
    build = {
      roles        = ["builder", "reviewer", "tester"]
      desired_size = 2
      max_size     = 6
    }
    release = {
      roles = ["publisher", "support"]
    }
  }
  validation {
    condition     = alltrue(flatten([for g in values(var.worker_groups) : [for r in g.roles : contains(["hunter", "critic", "pm", "builder", "reviewer", "tester", "publisher", "meta", "liaison", "support"], split("-", r)[0])]]))
    error_message = "worker_groups roles must be agent names (hunter, critic, pm, builder, reviewer, tester, publisher, meta, liaison, support) or instances such as builder-2."
  }
  validation {
    condition     = length([for g in values(var.worker_groups) : g if g.dashboard]) == 1
    error_message = "exactly one worker group serves the dashboard (dashboard = true)."
  }
}

variable "dashboard_domain" {
  description = "Host name of the dashboard (the ALB's HTTPS listener answers for it; point a DNS record at the output alb_dns_name)."
  type        = string
}

variable "dashboard_certificate_arn" {
  description = "ARN of an ACM certificate for dashboard_domain, used by the load balancer's HTTPS listener."
  type        = string
}

variable "dashboard_allowed_cidrs" {
  description = "Address ranges allowed to reach the dashboard's load balancer on 443 (and 80, which only redirects)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}
