"""Runs scim2-tester (python-scim) against a live SCIM server and fails on any failed check.

Usage: python run_scim2_tester.py BASE_URL TOKEN
Prints one line per check (status, title, reason) and a summary; exits 1 when a check failed
or errored, 0 otherwise.
"""
import sys

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def main() -> int:
    base_url, token = sys.argv[1], sys.argv[2]
    http = Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    scim = SyncSCIMClient(http)
    scim.discover()
    results = check_server(scim, raise_exceptions=False)
    counts: dict[str, int] = {}
    for result in results:
        status = result.status.name
        counts[status] = counts.get(status, 0) + 1
        reason = f" — {result.reason}" if result.reason else ""
        print(f"[{status}] {result.title}{reason}")
    print("scim2-tester:", ", ".join(f"{count} {status}" for status, count in sorted(counts.items())))
    failed = [r for r in results if r.status in (Status.ERROR, Status.CRITICAL)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
