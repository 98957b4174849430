"""gunicorn for Yishi (deploy/systemd/yishi-web.service): behind nginx, on loopback."""

bind = "127.0.0.1:8001"
# Two sync workers suit a small one-machine server; add one per extra CPU core.
workers = 2
# Every request is short; a stuck one is killed rather than holding a worker.
timeout = 30
graceful_timeout = 20
# Recycle workers now and then, so slow memory growth never adds up.
max_requests = 2000
max_requests_jitter = 200
# nginx on this machine is the only client; it sets X-Forwarded-Proto.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
