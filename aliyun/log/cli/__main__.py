"""``python -m aliyun.log.cli``."""

import sys

from .main import main

sys.exit(main())
