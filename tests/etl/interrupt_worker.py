"""transform_data in its own process, to be interrupted with SIGINT (Ctrl-C) by the test.

``python -m tests.etl.interrupt_worker ENDPOINT AK_ID AK_KEY PROJECT SOURCE TARGET CONFIG POOL_SIZE``; prints the
result body as JSON on the last line of stdout.
"""

from __future__ import annotations

import json
import sys

from aliyun.log import LogClient

from .legacy_alias import register


def main(argv: list) -> None:
    endpoint, key_id, key, project, source, target, config, pool_size = argv
    register()
    with LogClient(endpoint, key_id, key) as client:
        body = client.transform_data(project, source, config, "begin", to_logstore=target, batch_size=2,
                                     pool_size=int(pool_size), progress=False).get_body()
    print(json.dumps(body), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
