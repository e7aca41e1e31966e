# The swarm's shared files. Every worker host mounts one EFS file system as $SWARM_HOME: specs, project workspaces,
# published copies, runs' prompts and output, operators. A spec the PM writes on a front host is the Builder's on a
# build host, the Builder's product folder is the Tester's and the Publisher's, and an operator made on the dashboard
# host survives its replacement. Each host keeps its SQLite state (a remote log's read models and memory index, its
# log files) on its own disk, in SWARM_STATE_DIR: SQLite files must not be shared over NFS (README "Deploying").
resource "aws_efs_file_system" "home" {
  creation_token   = "${var.name}-home"
  encrypted        = true
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"
  tags             = { Name = "${var.name}-home" }
}

# One mount target in each private subnet (each zone), reachable by NFS from the worker hosts only.
resource "aws_efs_mount_target" "home" {
  count           = 3
  file_system_id  = aws_efs_file_system.home.id
  subnet_id       = aws_subnet.private[count.index].id
  security_groups = [aws_security_group.efs.id]
}

# AWS Backup's daily backups of the file system (the read models need none: they are folded from the log).
resource "aws_efs_backup_policy" "home" {
  file_system_id = aws_efs_file_system.home.id
  backup_policy {
    status = "ENABLED"
  }
}
