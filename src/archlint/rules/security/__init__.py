"""Security rules: TLS, network exposure, identities, secrets, WAF, DDoS."""
