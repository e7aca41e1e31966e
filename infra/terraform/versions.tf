# Providers: aws for the cloud, tls for the KurrentDB certificates (generated at deploy, never committed), random for
# the database's admin password.
terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      Project     = var.name
      ManagedBy   = "terraform"
      Environment = var.environment
    }
  }
}
