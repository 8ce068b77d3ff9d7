"""Signs the P7 bearer token (RS256) with the run's private key, shaped like a Keycloak access token."""
import sys
import time

import jwt

key_file, issuer, subject = sys.argv[1], sys.argv[2], sys.argv[3]
now = int(time.time())
claims = {"iss": issuer, "sub": subject, "upn": subject, "preferred_username": subject, "groups": ["user"],
          "realm_access": {"roles": ["user"]}, "iat": now - 5, "exp": now + 3600}
print(jwt.encode(claims, open(key_file).read(), algorithm="RS256", headers={"kid": "bench"}))
