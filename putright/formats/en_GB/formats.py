from putright.formats.en.formats import *  # noqa: F403 - one English format for en and en-gb
