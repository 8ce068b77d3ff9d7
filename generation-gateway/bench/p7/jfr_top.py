"""Summarises a JFR recording's CPU samples (from `jfr print --events jdk.ExecutionSample --stack-depth 64`): the
share of samples whose stack passes through each library area (inclusive), and the hottest top frames."""
import collections
import re
import sys

AREAS = [
    ("OpenTelemetry (tracing)", r"io\.opentelemetry"),
    ("JWT / OIDC verification", r"org\.jose4j|io\.smallrye\.jwt|io\.quarkus\.oidc"),
    ("RSA / crypto", r"sun\.security|java\.security|javax\.crypto"),
    ("reactive PostgreSQL client", r"io\.vertx\.pgclient|io\.vertx\.sqlclient"),
    ("Kafka producer / outbox relay", r"org\.apache\.kafka|io\.smallrye\.reactive\.messaging|io\.clipizy\.kit\.outbox\.OutboxRelay"),
    ("Jackson JSON", r"com\.fasterxml\.jackson"),
    ("Bean Validation", r"org\.hibernate\.validator"),
    ("Micrometer metrics", r"io\.micrometer"),
    ("RESTEasy Reactive", r"org\.jboss\.resteasy\.reactive"),
    ("Netty / Vert.x I/O", r"io\.netty|io\.vertx\.core"),
    ("JIT / GC / VM (no Java frame)", r"^$"),
]

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
events = text.split("jdk.ExecutionSample {")[1:]
inclusive = collections.Counter()
top = collections.Counter()
for event in events:
    frames = re.findall(r"^\s+([\w$.<>]+\.[\w$<>]+)\(", event, re.M)
    stack = "\n".join(frames)
    if frames:
        top[frames[0]] += 1
    for name, pattern in AREAS:
        if pattern == r"^$":
            if not frames:
                inclusive[name] += 1
        elif re.search(pattern, stack, re.M):
            inclusive[name] += 1
total = max(1, len(events))
print("# CPU samples: %d (inclusive share of samples per area; areas overlap)" % len(events))
for name, _ in AREAS:
    print("%5.1f%%  %s" % (100.0 * inclusive[name] / total, name))
print("# hottest top frames")
for frame, count in top.most_common(15):
    print("%5.1f%%  %s" % (100.0 * count / total, frame))
