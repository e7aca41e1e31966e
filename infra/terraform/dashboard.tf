# The dashboard and HTTP API behind an HTTPS application load balancer in the public subnets; plain HTTP only
# redirects. Targets are the hosts of the worker group with dashboard = true, on port 8080.
resource "aws_lb" "dashboard" {
  name                       = "${var.name}-dashboard"
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = aws_subnet.public[*].id
  drop_invalid_header_fields = true
}

resource "aws_lb_target_group" "dashboard" {
  name     = "${var.name}-dashboard"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
  # Live updates are a WebSocket: keep a browser on the host it opened it with.
  stickiness {
    type    = "lb_cookie"
    enabled = true
  }
  health_check {
    path                = "/health"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.dashboard.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.dashboard_certificate_arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.dashboard.arn
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.dashboard.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}
