"""RPC to another service with a timeout on every call.

nameko's RpcProxy waits for a reply forever; the gateway and the services calling each other
must not. A late reply to a timed-out call is dropped by the reply listener.
"""
from __future__ import annotations

import eventlet
from nameko.rpc import RpcProxy



class RpcTimeout(Exception):
    """The other service did not answer within the timeout (the gateway answers 504)."""


class TimedRpcProxy(RpcProxy):
    def __init__(self, target_service: str, timeout_config_key: str = "RPC_TIMEOUT_SECONDS",
                 **options):
        super().__init__(target_service, **options)
        self.timeout_config_key = timeout_config_key

    def get_dependency(self, worker_ctx):
        timeout = float(self.container.config.get(self.timeout_config_key, 10))
        return _TimedServiceProxy(super().get_dependency(worker_ctx), timeout)


class _TimedServiceProxy:
    def __init__(self, proxy, timeout: float):
        self._proxy = proxy
        self._timeout = timeout

    def with_timeout(self, seconds: float) -> "_TimedServiceProxy":
        return _TimedServiceProxy(self._proxy, seconds)

    def __getattr__(self, method_name):
        method = getattr(self._proxy, method_name)

        def call(*args, **kwargs):
            reply = method.call_async(*args, **kwargs)
            try:
                with eventlet.Timeout(self._timeout):
                    return reply.result()
            except eventlet.Timeout:
                raise RpcTimeout(f"{method}") from None
        return call
