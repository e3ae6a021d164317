"""Which network addresses the link checker may connect to, and connecting only to those.

Every URL under content/ arrives by pull request, from anyone. Left alone, the checker would
connect wherever a URL points: to loopback, to a private network (10/8, 192.168/16), to the cloud
metadata service at 169.254.169.254, directly, through a name that resolves there, or through a
redirect. The checker's HTTP client therefore connects only through `GuardedBackend`, which for
every new connection, redirect hops included (the checker follows redirects itself, one request
per hop):

1. refuses `localhost` and names under `.localhost` without resolving them;
2. resolves the host once (getaddrinfo, in the event loop's executor, so lookups stay
   concurrent) and refuses it when ANY address it resolves to is not public (`is_public`);
3. connects to an address it has just checked, never to the name: httpx never resolves the name
   itself, so a DNS answer that changes between the check and the connect (DNS rebinding) cannot
   move the connection elsewhere;
4. checks the connected socket's peer address once more, before a byte is sent.

A refusal raises `NotPublicError`, whose reason names no address, so a published report cannot
leak what a name resolves to inside the network that ran the check.

Residual risks, accepted: the client ignores HTTP(S)_PROXY and ALL_PROXY (a proxy would resolve
and connect out of the guard's sight), so the checker cannot be run through a proxy; a public
address can still forward the request onward (an open proxy, a NAT64 gateway that translates to
a private address); and `GuardedTransport` sets httpx's private `_pool`, so an httpx upgrade must
keep tests/test_linkcheck.py passing (its tests fail if the guard is bypassed).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import httpcore
import httpx

LOCALHOST = "not requested: localhost is not a public host"
LITERAL = "not requested: not a public address"
RESOLVED = "not requested: resolves to a non-public address"
PEER = "not requested: connected to a non-public address"

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class NotPublicError(Exception):
    """Raised instead of connecting to a host that is, or resolves to, a non-public address."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_public(address: str) -> bool:
    """True when an IP address (text, maybe with a %scope) is globally routable and unicast.

    An IPv6 address that embeds an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, 6to4, Teredo, NAT64
    64:ff9b::/96) is judged by what it embeds as well. Anything that is not an IP address is not
    public.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public(str(ip.ipv4_mapped))
        embedded = [ip.sixtofour, *(ip.teredo or ())]
        if ip in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(inner is not None and not is_public(str(inner)) for inner in embedded):
            return False
    special = (
        ip.is_private,
        ip.is_loopback,
        ip.is_link_local,
        ip.is_multicast,
        ip.is_reserved,
        ip.is_unspecified,
        getattr(ip, "is_site_local", False),
    )
    return ip.is_global and not any(special)


def is_localhost_name(host: str) -> bool:
    """True for `localhost` and any name under `.localhost` (RFC 6761), whatever their case."""
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")


def is_ip_literal(host: str) -> bool:
    """True when the host is written as an IP address rather than a name."""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def refusal_without_lookup(host: str) -> str | None:
    """The reason to refuse a host that needs no DNS lookup to judge (localhost, a literal IP), else None.

    Used where no request may be made (offline mode); a name is judged only once resolved.
    """
    if is_localhost_name(host):
        return LOCALHOST
    if is_ip_literal(host) and not is_public(host):
        return LITERAL
    return None


async def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to for TCP, in getaddrinfo's order, without repeats.

    Raises socket.gaierror when the lookup fails.
    """
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to public addresses it has checked.

    With `allow_private`, nothing is refused (tests reach their server on 127.0.0.1), but the
    connection still goes to the address resolved here.
    """

    def __init__(self, allow_private: bool = False, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.allow_private = allow_private
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve the host, refuse it unless every address is public, connect to a checked address."""
        if not self.allow_private and is_localhost_name(host):
            raise NotPublicError(LOCALHOST)
        try:
            addresses = await resolve(host, port)
        except (socket.gaierror, UnicodeError) as error:
            raise httpcore.ConnectError(str(error)) from error
        if not self.allow_private and not all(is_public(address) for address in addresses):
            raise NotPublicError(LITERAL if is_ip_literal(host) else RESOLVED)
        failure: Exception = httpcore.ConnectError(f"{host} resolved to no address")
        for address in addresses:
            try:
                stream = await self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
                continue
            await self._check_peer(stream)
            return stream
        raise failure

    async def _check_peer(self, stream: httpcore.AsyncNetworkStream) -> None:
        """Close the stream and refuse it when its peer is not public (or cannot be told)."""
        if self.allow_private:
            return
        peer = stream.get_extra_info("server_addr")
        if not (isinstance(peer, tuple) and peer and is_public(str(peer[0]))):
            await stream.aclose()
            raise NotPublicError(PEER)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Refuse: a Unix socket is local by definition."""
        raise NotPublicError(LITERAL)

    async def sleep(self, seconds: float) -> None:
        """Wait, as the inner backend does."""
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """An httpx transport whose every connection is opened by `GuardedBackend`, with no proxy."""

    def __init__(self, *, limits: httpx.Limits, allow_private: bool = False) -> None:
        super().__init__(limits=limits, trust_env=False)
        if type(self._pool) is not httpcore.AsyncConnectionPool:  # fail closed if httpx changes shape
            raise RuntimeError(f"expected httpx to use an httpcore.AsyncConnectionPool, found {type(self._pool)}")
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(allow_private=allow_private),
        )
