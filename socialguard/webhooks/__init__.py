"""Live inbound: messages to the official accounts arrive by signed webhooks (/api/v1/webhooks).

- ``meta``: Facebook Pages and Instagram (Meta's verification GET, ``X-Hub-Signature-256``);
- ``x``: the X Account Activity API (the CRC GET, ``x-twitter-webhooks-signature``);
- ``generic``: inbound messages forwarded by another tool (Orlo, Hootsuite, Sprout Social),
  signed with a shared secret over a timestamp and the body.

Each endpoint is off (404) until its secret is set. A delivery is stored only once its
signature is verified over the raw body, then goes through the inbox's own ``ingest``.
"""
