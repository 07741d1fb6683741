"""A one-node OpenStack Swift with its S3 API (s3api) on loopback, for tests.

Debian's python3-swift runs here unchanged: an account, a container and an
object server on a folder, and a proxy with s3api + tempauth in front, all in
this one process (eventlet), on ports the kernel picks. Unlike s3rver it
implements the whole multipart API (ListParts, ListMultipartUploads, abort),
which resumable uploads into a bucket need.

Usage: python3 swift_s3.py <folder>
Prints one JSON line {"port": N} once the S3 endpoint listens; runs until
killed (or until its standard input closes, so it never outlives its test).
Credentials: access key "test:tester", secret "testing".
"""

import json
import logging
import os
import sys

import eventlet

eventlet.monkey_patch()

from eventlet import listen, wsgi  # noqa: E402
from swift.common import utils  # noqa: E402
from swift.common.http_protocol import SwiftHttpProtocol  # noqa: E402
from swift.common.ring import RingBuilder  # noqa: E402
from swift.common.wsgi import loadapp  # noqa: E402

# Swift reads the hash salt from /etc/swift/swift.conf; a test peer keeps to its folder.
utils.HASH_PATH_SUFFIX = b'cortado-test'
utils.HASH_PATH_PREFIX = b''


class StderrHandler(logging.StreamHandler):
    """Swift logs to syslog; a test peer's errors belong on its stderr."""

    def __init__(self, *args, **kwargs):
        super().__init__(sys.stderr)


utils.ThreadSafeSysLogHandler = StderrHandler


class TokenCache(object):
    """tempauth insists on a memcache client; one process needs no memcached."""

    def __init__(self):
        self.data = {}

    def get(self, key, raise_on_error=False):
        return self.data.get(key)

    def set(self, key, value, serialize=True, time=0, min_compress_len=0,
            raise_on_error=False):
        self.data[key] = value

    def delete(self, key, server_key=None):
        self.data.pop(key, None)

    def incr(self, key, delta=1, time=0):
        self.data[key] = int(self.data.get(key) or 0) + delta
        return self.data[key]

    def decr(self, key, delta=1, time=0):
        return self.incr(key, -delta, time)

    def get_multi(self, keys, server_key):
        return [self.data.get(key) for key in keys]

    def set_multi(self, mapping, server_key, serialize=True, time=0,
                  min_compress_len=0):
        self.data.update(mapping)


TOKEN_CACHE = TokenCache()


def cache_filter_factory(global_conf, **local_conf):
    def make_filter(app):
        def with_cache(env, start_response):
            env['swift.cache'] = TOKEN_CACHE
            return app(env, start_response)
        return with_cache
    return make_filter


PROXY_PIPELINE = """[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:cache]
paste.filter_factory = __main__:cache_filter_factory
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
"""


def backend_pipeline(name):
    return ('[pipeline:main]\npipeline = %s-server\n[app:%s-server]\n'
            'use = egg:swift#%s\n' % (name, name, name))


def write_ring(root, name, port):
    builder = RingBuilder(4, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1',
                     'port': port, 'device': 'd1', 'weight': 1})
    builder.rebalance()
    builder.get_ring().save(os.path.join(root, name + '.ring.gz'))


def exit_when_stdin_closes():
    while os.read(0, 4096):
        pass
    os._exit(0)


def main(root):
    os.makedirs(os.path.join(root, 'srv', 'd1'), exist_ok=True)
    names = ('account', 'container', 'object', 'proxy')
    sockets = {name: listen(('127.0.0.1', 0)) for name in names}
    ports = {name: sock.getsockname()[1] for name, sock in sockets.items()}
    common = ('[DEFAULT]\nswift_dir = %s\ndevices = %s\nmount_check = false\n'
              'log_level = ERROR\n' % (root, os.path.join(root, 'srv')))
    servers = []
    for name in names:
        if name != 'proxy':
            write_ring(root, name, ports[name])
        path = os.path.join(root, name + '.conf')
        with open(path, 'w') as conf:
            conf.write(common + (PROXY_PIPELINE if name == 'proxy'
                                 else backend_pipeline(name)))
        app = loadapp(path, global_conf={'log_name': name})
        servers.append(eventlet.spawn(
            wsgi.server, sockets[name], app, utils.NullLogger(),
            protocol=SwiftHttpProtocol, socket_timeout=60,
            # The AWS SDK needs "ETag" spelled so.
            capitalize_response_headers=False))
    print(json.dumps({'port': ports['proxy']}), flush=True)
    # The test that started us is gone when our stdin closes; an OS thread waits for that.
    real_threading = eventlet.patcher.original('threading')
    real_threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    for server in servers:
        server.wait()


if __name__ == '__main__':
    main(os.path.abspath(sys.argv[1]))
