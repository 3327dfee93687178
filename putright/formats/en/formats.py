"""English (the "en" language PutRight offers, and en-gb): British order, the month in full."""

from django.conf.locale.en_GB.formats import *  # noqa: F403 - British input formats, week starting on Monday

DATE_FORMAT = "j F Y"  # 18 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 18 December 2026, 14:30
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
