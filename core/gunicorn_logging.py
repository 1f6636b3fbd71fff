"""
Gunicorn's error log without query strings.

The access log already leaves query strings out (gunicorn.conf.py); the error log quoted them
when a request line was malformed ("Invalid HTTP request line: 'GET /intake/?q=<a patient's
name> …'") or a request failed before reaching the site. `QuerylessLogger` cuts every query
string from the error log's messages and tracebacks, from the "?" to the end of the quoted
request line (a name may hold spaces); and since a malformed line is cut up at its spaces
("Invalid HTTP Version: '<surname> HTTP/1.1'"), the quoted parts of an invalid request's
message are left out whole.
"""

import logging
import re

from gunicorn.glogging import Logger

QUERY_STRING = re.compile(r"\?[^'\"\r\n]*")
REMOVED = "?[query removed]"
INVALID_REQUEST = "Invalid request from ip="
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def without_query_strings(text: str) -> str:
    if text.startswith(INVALID_REQUEST):
        text = QUOTED.sub("'[request line removed]'", text)
    return QUERY_STRING.sub(REMOVED, text)


class StripQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = without_query_strings(record.getMessage())
        record.args = ()
        if record.exc_info:
            record.exc_text = without_query_strings(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class QuerylessLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(existing, StripQueryStrings) for existing in self.error_log.filters):
            self.error_log.addFilter(StripQueryStrings())
