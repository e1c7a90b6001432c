"""A consumer-group transform_data in its own process (the kill -9 test starts two of these).

``python -m tests.etl.cg_worker ENDPOINT AK_ID AK_KEY PROJECT SOURCE TARGET CONFIG GROUP CONSUMER TO_TIME``;
prints the result body as JSON on the last line of stdout.
"""

from __future__ import annotations

import json
import logging
import sys

from aliyun.log import LogClient

from .legacy_alias import register


def main(argv: list) -> None:
    endpoint, key_id, key, project, source, target, config, group, consumer, to_time = argv
    register()
    logging.basicConfig(level=logging.WARNING)
    with LogClient(endpoint, key_id, key) as client:
        body = client.transform_data(project, source, config, "begin", to_time=int(to_time), to_logstore=target,
                                     batch_size=5, cg_name=group, c_name=consumer, cg_heartbeat_interval=1,
                                     cg_data_fetch_interval=0.2).get_body()
    print(json.dumps({str(k): v for k, v in body["shards"].items()} | {"total_count": body["total_count"]}),
          flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
